# Build-time step: writes OUTPUT, a C++ source defining `std::string_view NAMESPACE::FUNCTION()` that
# returns the bytes of INPUT (a shipped data file, so the binary needs no data directory at run
# time). Hex bytes rather than a raw string literal, so no content of the file can break the source.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('[^']*',){16})" "\\1\n    " bytes "${bytes}")
get_filename_component(input_name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${input_name} by cmake/embed_data.cmake. Do not edit.
#include <string_view>

namespace ${NAMESPACE} {

namespace {
constexpr char kData[] = {
    ${bytes}'\\0'};
}  // namespace

std::string_view ${FUNCTION}() { return {kData, ${size}}; }

}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
