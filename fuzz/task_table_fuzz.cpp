// The BIỂU PHÂN CÔNG reader takes documents from outside: any bytes must give a table or
// a clear error, never a crash or a hang.
#include <string_view>

#include "events/task_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)dauvet::events::read_task_table(text);
  return 0;
}
