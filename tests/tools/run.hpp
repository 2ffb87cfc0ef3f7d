// Runs the dauvet binary as a user would and captures what it prints.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace dauvet::testing {

struct Run {
  int code = -1;
  std::string out;  // stdout, with stderr appended when `with_stderr`
};

inline Run dauvet(const std::string& args, bool with_stderr = false) {
  const std::string cmd = std::string(DAUVET_BINARY) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  Run r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace dauvet::testing
