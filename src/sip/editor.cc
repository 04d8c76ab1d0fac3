#include "sip/editor.h"

#include <algorithm>
#include <string>

#include "sip/scan.h"

namespace vg::sip {

namespace {
// Inserted text never spans lines: CR, LF and NUL become spaces, so a value built from untrusted
// data cannot inject header lines (RFC 3261 §7.3.1 has no escape for them).
std::string one_line(std::string_view v) {
  std::string out(v);
  for (auto& ch : out) {
    if (ch == '\r' || ch == '\n' || ch == '\0') ch = ' ';
  }
  return out;
}
}  // namespace

Editor::Editor(const Message& m) : m_(m), removed_(m.headers().size(), 0) {}

Editor& Editor::remove(HeaderId id) {
  auto hs = m_.headers();
  for (size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == id) removed_[i] = 1;
  }
  for (auto& ins : inserts_) {
    if (lookup_header(ins.name) == id) ins.name.clear();  // an inserted line of that id goes too
  }
  return *this;
}

Editor& Editor::remove(std::string_view name) {
  HeaderId id = lookup_header(name);
  if (id != HeaderId::kUnknown) return remove(id);
  auto hs = m_.headers();
  for (size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == HeaderId::kUnknown && scan::iequals(hs[i].name, name)) removed_[i] = 1;
  }
  for (auto& ins : inserts_) {
    if (scan::iequals(ins.name, name)) ins.name.clear();  // as remove(HeaderId): inserted lines go too
  }
  return *this;
}

Editor& Editor::remove_first(HeaderId id) {
  // Inserted lines (e.g. a Via we pushed) come first when they sit before the first original one.
  auto hs = m_.headers();
  size_t first = hs.size();
  for (size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == id && !removed_[i]) {
      first = i;
      break;
    }
  }
  for (auto& ins : inserts_) {
    if (!ins.name.empty() && ins.before <= first && lookup_header(ins.name) == id) {
      ins.name.clear();
      return *this;
    }
  }
  if (first < hs.size()) removed_[first] = 1;
  return *this;
}

Editor& Editor::replace(HeaderId id, std::string_view value) {
  auto hs = m_.headers();
  size_t pos = hs.size();
  for (size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == id && pos == hs.size()) pos = i;
  }
  remove(id);
  inserts_.push_back(Insert{pos, std::string(canonical_name(id)), one_line(value)});
  return *this;
}

Editor& Editor::prepend(HeaderId id, std::string_view value) {
  auto hs = m_.headers();
  size_t pos = 0;
  for (size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == id) {
      pos = i;
      break;
    }
  }
  // Several prepends of the same id: the newest goes on top.
  auto it = std::find_if(inserts_.begin(), inserts_.end(), [&](const Insert& x) { return x.before == pos; });
  inserts_.insert(it, Insert{pos, std::string(canonical_name(id)), one_line(value)});
  return *this;
}

Editor& Editor::append(std::string_view name, std::string_view value) {
  inserts_.push_back(Insert{m_.headers().size(), one_line(name), one_line(value)});
  return *this;
}

Editor& Editor::set_request_uri(std::string_view uri) {
  request_uri_ = one_line(uri);
  return *this;
}

Editor& Editor::set_body(std::string_view body) {
  body_ = std::string(body);
  return *this;
}

void Editor::emit_line(std::string& out, std::string_view name, std::string_view value) const {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

namespace {
// Copies an original header line, normalising a bare-LF line end to CRLF.
void append_line(std::string& out, std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  out.append(line);
  out.append("\r\n");
}
}  // namespace

std::string Editor::serialize() const {
  std::string out;
  const std::string_view raw = m_.raw();
  const std::string_view body = body_ ? std::string_view(*body_) : m_.body();
  out.reserve(raw.size() + 256 + (body_ ? body_->size() : 0));

  if (m_.is_request()) {
    out.append(m_.method_name());
    out.push_back(' ');
    out.append(request_uri_ ? std::string_view(*request_uri_) : m_.request_uri_text());
    out.push_back(' ');
    out.append(m_.version());
  } else {
    out.append(m_.start_line());
  }
  out.append("\r\n");

  auto hs = m_.headers();
  auto emit_inserts = [&](size_t before) {
    for (const auto& ins : inserts_) {
      // Content-Length is always computed here; a caller-supplied one would duplicate or contradict it.
      if (ins.before == before && !ins.name.empty() && lookup_header(ins.name) != HeaderId::kContentLength) {
        emit_line(out, ins.name, ins.value);
      }
    }
  };
  const bool body_changed = body_.has_value();
  bool length_emitted = false;
  size_t i = 0;
  while (i < hs.size()) {
    // A group is the fields split from one header line.
    size_t j = i + 1;
    while (j < hs.size() && hs[j].line_begin == hs[i].line_begin) ++j;
    for (size_t k = i; k < j; ++k) emit_inserts(k);
    bool all_kept = true, any_kept = false;
    for (size_t k = i; k < j; ++k) {
      all_kept = all_kept && !removed_[k];
      any_kept = any_kept || !removed_[k];
    }
    if (hs[i].id == HeaderId::kContentLength) {
      // Content-Length always matches the body we send (one line; the parser rejects duplicates).
      if (any_kept && !length_emitted) {
        if (body_changed) {
          emit_line(out, hs[i].name, std::to_string(body.size()));
        } else {
          append_line(out, raw.substr(hs[i].line_begin, hs[i].line_end - hs[i].line_begin));
        }
        length_emitted = true;
      }
    } else if (all_kept) {
      append_line(out, raw.substr(hs[i].line_begin, hs[i].line_end - hs[i].line_begin));
    } else if (any_kept) {
      out.append(hs[i].name);
      out.append(": ");
      bool first = true;
      for (size_t k = i; k < j; ++k) {
        if (removed_[k]) continue;
        if (!first) out.append(", ");
        out.append(hs[k].value);
        first = false;
      }
      out.append("\r\n");
    }
    i = j;
  }
  emit_inserts(hs.size());
  if (!length_emitted) emit_line(out, "Content-Length", std::to_string(body.size()));
  out.append("\r\n");
  out.append(body);
  return out;
}

}  // namespace vg::sip
