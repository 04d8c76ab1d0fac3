# Project-wide warning flags; -Werror when VG_WERROR (on by default, always in CI).
add_library(vg_warnings INTERFACE)
target_compile_options(vg_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(VG_WERROR)
  target_compile_options(vg_warnings INTERFACE -Werror)
endif()
