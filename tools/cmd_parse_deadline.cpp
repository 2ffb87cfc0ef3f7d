// dauvet parse-deadline: show how the deadline grammar reads a time frame, the way an
// import would store it. For issuers checking a table before import, and for bug reports.
#include <iostream>
#include <string>
#include <vector>

#include "events/deadline.hpp"
#include "tools/cli.hpp"

namespace dauvet::tools {

int cmd_parse_deadline(const Args& args) {
  const Usage usage{
      "parse-deadline", "TEXT [--reference YYYY-MM-DD]",
      "Reads a task's time frame (thời gian thực hiện) as written, e.g. \"Trong quý IV hằng năm\" or "
      "\"Thực hiện khi có văn bản chỉ đạo của Trung ương (Trong năm 2023)\", and prints its schedule as one "
      "line of JSON: kind, due dates, recurrence, needs_review and the raw text. Several words are joined "
      "with spaces, so quoting is optional. --reference is the directive's date; year-less dates such as "
      "\"trước 15/7\" and \"năm nay\" take their year from it, and without it they need review."};
  po::options_description options("options");
  options.add_options()("text", po::value<std::vector<std::string>>()->required(), "the time frame as written")(
      "reference", po::value<std::string>(), "the directive's date, YYYY-MM-DD");
  po::positional_options_description pos;
  pos.add("text", -1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;

  std::optional<events::Date> reference;
  if (vm->count("reference") != 0u) {
    const std::string r = (*vm)["reference"].as<std::string>();
    reference = events::Date::parse_iso(r);
    if (!reference || !reference->plausible()) {
      std::cerr << "dauvet parse-deadline: --reference: '" << r << "' is not a date YYYY-MM-DD between "
                << events::kMinYear << " and " << events::kMaxYear << '\n';
      return 2;
    }
  }
  std::string text;
  for (const auto& word : (*vm)["text"].as<std::vector<std::string>>()) {
    if (!text.empty()) text.push_back(' ');
    text += word;
  }
  std::cout << events::to_json(events::parse_deadline(text, reference)).dump() << '\n';
  return 0;
}

}  // namespace dauvet::tools
