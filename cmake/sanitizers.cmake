# ASan + UBSan for the whole tree when VG_SANITIZE is on (make test builds build-asan/ with it).
if(VG_SANITIZE)
  # -g1: line tables for the reports' file:line, without the full debug info that makes the ASan build
  # (twice the tree in CI) slower to compile and link.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g1)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()

# libFuzzer coverage instrumentation for the whole tree (the fuzz targets add -fsanitize=fuzzer at link).
if(VG_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
