# Project-wide warning flags; -Werror when VG_WERROR (on by default, always in CI).
add_library(vg_warnings INTERFACE)
target_compile_options(vg_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(VG_WERROR)
  target_compile_options(vg_warnings INTERFACE -Werror)
endif()
# g++ 12 at -O2/-O3 reports bogus -Wrestrict on std::string appends (GCC bug 105651); it is not ours.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(vg_warnings INTERFACE -Wno-restrict)
endif()
