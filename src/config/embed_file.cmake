# Build-time step: writes OUTPUT, a C++ source defining vg::config::embedded_default_config() that
# returns the bytes of INPUT. Hex bytes rather than a raw string literal, so that no content of the
# file (delimiters, CRs, long lines) can break the generated source.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('[^']*',){16})" "\\1\n    " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from config/voipguard.yaml by src/config/embed_file.cmake. Do not edit.
#include <string_view>

#include \"config/config.h\"

namespace vg::config {

namespace {
constexpr char kEmbeddedDefault[] = {
    ${bytes}'\\0'};
}  // namespace

std::string_view embedded_default_config() { return {kEmbeddedDefault, ${size}}; }

}  // namespace vg::config
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
