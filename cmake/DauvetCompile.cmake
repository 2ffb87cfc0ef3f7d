# Compile settings shared by every dauvet target: warnings, -Werror in CI, sanitizers.
add_library(dauvet_compile_options INTERFACE)
target_compile_options(dauvet_compile_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough
  -Wno-missing-field-initializers  # designated initializers rely on member defaults
  $<$<BOOL:${DAUVET_WERROR}>:-Werror>)

if(DAUVET_SANITIZE STREQUAL "address")
  set(_dauvet_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
elseif(DAUVET_SANITIZE STREQUAL "thread")
  # -Wno-tsan: Asio uses atomic_thread_fence, which GCC warns TSan does not model.
  set(_dauvet_san -fsanitize=thread -fno-omit-frame-pointer)
  target_compile_options(dauvet_compile_options INTERFACE -Wno-tsan)
elseif(DAUVET_SANITIZE STREQUAL "fuzzer")
  # libFuzzer coverage + ASan/UBSan in every library; fuzz/ links the fuzzer's main.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DAUVET_SANITIZE=fuzzer needs clang (CXX=clang++)")
  endif()
  set(_dauvet_san -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
elseif(NOT DAUVET_SANITIZE STREQUAL "")
  message(FATAL_ERROR "DAUVET_SANITIZE must be '', 'address', 'thread' or 'fuzzer', not '${DAUVET_SANITIZE}'")
endif()
if(_dauvet_san)
  target_compile_options(dauvet_compile_options INTERFACE ${_dauvet_san})
  target_link_options(dauvet_compile_options INTERFACE ${_dauvet_san})
endif()

# dauvet_library(NAME folder SOURCES ...) declares dauvet::NAME rooted at the repository,
# so includes read "core/ledger.hpp" wherever they are used.
function(dauvet_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(dauvet_${name} STATIC ${ARG_SOURCES})
  add_library(dauvet::${name} ALIAS dauvet_${name})
  target_include_directories(dauvet_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(dauvet_${name} PRIVATE dauvet_compile_options)
endfunction()
