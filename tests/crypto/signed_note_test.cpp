#include "crypto/signed_note.hpp"

#include <gtest/gtest.h>

#include "crypto/base64.hpp"
#include "must.hpp"

namespace dauvet::crypto {
namespace {

using testing::failure;
using testing::must;

// golang.org/x/mod/sumdb/note's published example: an independent implementation's key,
// text and signature.
constexpr std::string_view kGoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoSeedB64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";  // 0x01 || seed
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
constexpr std::string_view kGoSigLine =
    "\xe2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const std::string kGoNote = std::string(kGoText) + "\n" + std::string(kGoSigLine);

SigningKey go_key() {
  const auto typed = must(base64_decode(kGoSeedB64));
  EXPECT_TRUE(typed.size() == 33 && typed[0] == 0x01);
  return must(SigningKey::from_seed(std::span(typed).subspan(1)));
}

VerifierKey vkey(std::string_view name, const SigningKey& key) {
  auto k = parse_verifier_key(format_verifier_key(name, key.public_key()));
  EXPECT_TRUE(k) << k.error().to_string();
  return *k;
}

std::string sig_line(std::string_view name, const SigningKey& key, std::string_view text) {
  const std::string note = must(sign_note(text, name, key));
  return note.substr(text.size() + 1);
}

TEST(SignedNote, ReproducesTheGoReferenceNoteByteForByte) {
  const SigningKey key = go_key();
  EXPECT_EQ(note_key_id("PeterNeumann", key.public_key()), 0xc74f20a3u);
  EXPECT_EQ(format_verifier_key("PeterNeumann", key.public_key()), kGoVerifierKey);
  EXPECT_EQ(must(sign_note(kGoText, "PeterNeumann", key)), kGoNote);
  auto vk = parse_verifier_key(kGoVerifierKey);
  ASSERT_TRUE(vk) << vk.error().to_string();
  EXPECT_EQ(vk->name, "PeterNeumann");
  EXPECT_EQ(vk->key_id, 0xc74f20a3u);
  EXPECT_EQ(vk->public_key, key.public_key());
  auto opened = open_note(kGoNote, {*vk});
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(opened->text, kGoText);
  EXPECT_EQ(opened->verified_by, std::vector<std::string>{"PeterNeumann"});
}

TEST(SignedNote, TheSpecExampleIsWellFormed) {
  // c2sp.org/signed-note's example: a blank line inside the text, non-ASCII text. We lack
  // its key, so it must fail for that reason alone, not as malformed.
  const std::string note =
      "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \xc3\xa8 subito sera.\n\n"
      "\xe2\x80\x94 quasimodo.example/salvatore "
      "NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";
  auto opened = open_note(note, {must(parse_verifier_key(kGoVerifierKey))});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message, "no signature by a known key");
}

TEST(SignedNote, VerifierKeysParseStrictly) {
  // transparency-dev/formats' test key: its base64 contains '+'.
  auto k = parse_verifier_key("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
  ASSERT_TRUE(k) << k.error().to_string();
  EXPECT_EQ(k->name, "TEST");
  EXPECT_EQ(format_verifier_key("TEST", k->public_key), "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
  for (int i = 0; i < 100; ++i) {  // about one random key in six has a '+' in its base64
    const SigningKey key = must(SigningKey::generate());
    ASSERT_EQ(must(parse_verifier_key(format_verifier_key("k", key.public_key()))).public_key, key.public_key());
  }
  const std::string b64 = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  for (const std::string& bad : {
           "PeterNeumann+c74f20a4+" + b64,        // key ID off by one
           "PeterNeumann+C74F20A3+" + b64,        // uppercase hex
           "PeterNeumann+c74f20a+" + b64,         // 7 digits
           "PeterNeumann+c74f20a3a+" + b64,       // 9 digits
           "Peter Neumann+c74f20a3+" + b64,       // space in the name
           "+c74f20a3+" + b64,                    // empty name
           std::string("PeterNeumann+c74f20a3"),  // no key
           std::string("PeterNeumann"),
           "PeterNeumann+c74f20a3+" + b64.substr(0, 40),  // not base64 of 33 bytes
           std::string("PeterNeumann+c74f20a3+"),
           "PeterNeumann+c74f20a3+ " + b64,
       }) {
    auto r = parse_verifier_key(bad);
    EXPECT_FALSE(r) << "accepted " << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, Errc::invalid_argument);
    }
  }
  // Another signature type is refused by name, not as garbage.
  std::vector<std::uint8_t> ecdsa(33, 0x42);
  ecdsa[0] = 0x02;
  auto other = parse_verifier_key("witness+00000000+" + base64_encode(ecdsa));
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("unsupported verifier key type 0x02"), std::string::npos);
  std::vector<std::uint8_t> short_key(32, 0x42);
  short_key[0] = 0x01;
  EXPECT_NE(failure(parse_verifier_key("k+00000000+" + base64_encode(short_key))).message.find("32 bytes"),
            std::string::npos);
}

TEST(SignedNote, KeyNamesFollowTheSpec) {
  for (std::string_view good : {"dauvet.hungyen.example/ledger", "a", "d\xe1\xba\xa5u-v\xe1\xba\xbft", "x=y/z"}) {
    EXPECT_TRUE(valid_key_name(good)) << good;
  }
  for (std::string_view bad : {
           "", "a b", "a\tb", "a\nb", "a+b", "+",
           "a\xc2\xa0"
           "b",  // U+00A0 no-break space
           "a\xe2\x80\x83"
           "b",  // U+2003 em space
           "a\xe3\x80\x80"
           "b",  // U+3000 ideographic space
           "a\xe2\x80\xa8"
           "b",  // U+2028 line separator
           "a\xc2\x85"
           "b",                 // U+0085 next line
           "\xff", "a\xc3",     // not UTF-8, truncated
           "\xc0\xaf",          // overlong '/'
           "\xed\xa0\x80",      // a UTF-16 surrogate
           "\xf4\x90\x80\x80",  // above U+10FFFF
       }) {
    EXPECT_FALSE(valid_key_name(bad)) << "accepted '" << bad << "'";
  }
}

TEST(SignedNote, SignRefusesTextTheFormatCannotCarry) {
  const SigningKey key = go_key();
  EXPECT_FALSE(sign_note("no newline", "k", key));
  EXPECT_FALSE(sign_note("", "k", key));
  EXPECT_FALSE(sign_note("tab\there\n", "k", key));
  EXPECT_FALSE(sign_note("cr\r\n", "k", key));
  EXPECT_FALSE(sign_note("bad \xff utf-8\n", "k", key));
  EXPECT_FALSE(sign_note("fine\n", "bad name", key));
  EXPECT_FALSE(sign_note("fine\n", "", key));
  EXPECT_TRUE(sign_note("fine\n\nwith a blank line\n", "k", key));
}

TEST(SignedNote, UnknownKeysAreIgnoredKnownBadSignaturesAreNot) {
  const SigningKey a = must(SigningKey::generate()), b = must(SigningKey::generate()), c = must(SigningKey::generate());
  const std::string text = "line one\n\nline three after a blank\n";
  const std::string note = text + "\n" + sig_line("b", b, text) + sig_line("a", a, text);

  // b is unknown: its line is skipped, a verifies.
  auto opened = open_note(note, {vkey("a", a)});
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(opened->text, text);
  EXPECT_EQ(opened->verified_by, std::vector<std::string>{"a"});
  EXPECT_EQ(opened->unknown_signatures, 1u);
  // Both known: both verify, in note order.
  EXPECT_EQ(must(open_note(note, {vkey("a", a), vkey("b", b)})).verified_by, (std::vector<std::string>{"b", "a"}));
  // Same name, different key (so a different ID): unknown, ignored; nothing else verifies.
  auto impostor = open_note(note, {vkey("a", c)});
  ASSERT_FALSE(impostor);
  EXPECT_EQ(impostor.error().message, "no signature by a known key");
  EXPECT_EQ(failure(open_note(note, {})).message, "no signature by a known key");
  // A known key's signature over different text is an error, even beside a good one.
  const std::string forged = text + "\n" + sig_line("b", b, "other text\n") + sig_line("a", a, text);
  auto bad = open_note(forged, {vkey("a", a), vkey("b", b)});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("'b' does not verify"), std::string::npos);
  // The same signature twice counts once.
  const std::string twice = text + "\n" + sig_line("a", a, text) + sig_line("a", a, text);
  EXPECT_EQ(must(open_note(twice, {vkey("a", a)})).verified_by, std::vector<std::string>{"a"});
}

TEST(SignedNote, TamperedTextOrSignatureFails) {
  const auto vk = must(parse_verifier_key(kGoVerifierKey));
  std::string text_changed = kGoNote;
  text_changed[text_changed.find("cryptography")] = 'C';
  EXPECT_FALSE(open_note(text_changed, {vk}));
  std::string trailing_space = std::string(kGoText.substr(0, kGoText.size() - 1)) + " \n\n" + std::string(kGoSigLine);
  EXPECT_FALSE(open_note(trailing_space, {vk}));
  // From the first base64 character: text, blank line, "— " (4 bytes), "PeterNeumann ".
  for (std::size_t at = kGoText.size() + 1 + 4 + 13; at + 1 < kGoNote.size(); at += 7) {
    std::string sig_changed = kGoNote;
    sig_changed[at] = sig_changed[at] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(open_note(sig_changed, {vk})) << "changed signature character " << at;
  }
}

TEST(SignedNote, MalformedNotesAreRejectedWithAReason) {
  const auto vk = must(parse_verifier_key(kGoVerifierKey));
  const std::string text(kGoText), line(kGoSigLine), body = line.substr(std::string_view("\xe2\x80\x94 ").size());
  const std::pair<std::string, std::string_view> cases[] = {
      {text, "no blank line"},
      {text + "\n", "must end in a newline"},
      {text + "\n" + line.substr(0, line.size() - 1), "must end in a newline"},
      {text + "\n" + "- " + body, "em dash"},
      {text + "\n" + "\xe2\x80\x94" + body, "em dash"},
      {text + "\n" + "\xe2\x80\x94 PeterNeumann\n", "name base64"},
      {text + "\n" + "\xe2\x80\x94 PeterNeumann !!!!\n", "bad signature line"},
      {text + "\n" + "\xe2\x80\x94 PeterNeumann AAAA\n", "bad signature line"},  // under 5 bytes
      {text + "\n" + line + "\n", "must end in a newline"},                      // a blank line after them
      {"tab\there\n\n" + line, "control character"},
      {"carriage return\r\n\n" + line, "control character"},
      {"bad \xff utf-8\n\n" + line, "not UTF-8"},
  };
  for (const auto& [note, reason] : cases) {
    auto r = open_note(note, {vk});
    ASSERT_FALSE(r) << note;
    EXPECT_NE(r.error().message.find(reason), std::string::npos) << r.error().message << " for: " << note;
  }
  // A known key's blob of the wrong length is an error, not an unknown key.
  std::vector<std::uint8_t> short_sig{0xc7, 0x4f, 0x20, 0xa3, 1, 2, 3};
  auto wrong_len = open_note(text + "\n\xe2\x80\x94 PeterNeumann " + base64_encode(short_sig) + "\n", {vk});
  ASSERT_FALSE(wrong_len);
  EXPECT_NE(wrong_len.error().message.find("not 64 bytes"), std::string::npos);
}

TEST(SignedNote, SignatureCountIsLimitedButAtLeastSixteenAreAccepted) {
  const SigningKey key = go_key();
  const auto vk = must(parse_verifier_key(kGoVerifierKey));
  std::string unknown;
  for (int i = 0; i < 16; ++i) unknown += sig_line("other" + std::to_string(i), must(SigningKey::generate()), kGoText);
  EXPECT_TRUE(open_note(std::string(kGoText) + "\n" + unknown + std::string(kGoSigLine), {vk}));
  std::string many;
  const std::string one = sig_line("other", must(SigningKey::generate()), kGoText);
  for (int i = 0; i < 100; ++i) many += one;
  auto refused = open_note(std::string(kGoText) + "\n" + many + std::string(kGoSigLine), {vk});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("more than 100"), std::string::npos);
}

}  // namespace
}  // namespace dauvet::crypto
