#include "sip/editor.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

#include "sip/scan.h"

namespace vg::sip {

Editor::Span Editor::store(std::string_view v, bool one_line) {
  if (used_ + v.size() > capacity_) {
    size_t cap = std::max(capacity_ * 2, used_ + v.size());
    auto grown = std::make_unique_for_overwrite<char[]>(cap);
    if (used_ != 0) std::memcpy(grown.get(), arena(), used_);
    big_ = std::move(grown);
    capacity_ = cap;
  }
  char* dst = (big_ ? big_.get() : small_) + used_;
  if (!v.empty()) std::memcpy(dst, v.data(), v.size());  // an empty view may have no data
  // Inserted text never spans lines: CR, LF and NUL become spaces, so a value built from untrusted
  // data cannot inject header lines (RFC 3261 §7.3.1 has no escape for them). Usually there are none:
  // one vectorised scan finds that out.
  if (one_line && scan::has_line_break_or_nul(std::string_view(dst, v.size()))) {
    for (size_t i = 0; i < v.size(); ++i) {
      if (dst[i] == '\r' || dst[i] == '\n' || dst[i] == '\0') dst[i] = ' ';
    }
  }
  Span s{static_cast<uint32_t>(used_), static_cast<uint32_t>(v.size())};
  used_ += v.size();
  return s;
}

void Editor::add_insert(const Insert& ins) {
  if (count_ < kInlineInserts) {
    inline_[count_] = ins;
  } else {
    more_.push_back(ins);
  }
  ++count_;
}

Editor& Editor::remove(HeaderId id) {
  auto hs = m_.headers();
  for (size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == id) removed_.set(i);
  }
  for (size_t i = 0; i < count_; ++i) {
    if (insert_at(i).id == id && id != HeaderId::kUnknown) insert_at(i).dead = true;  // inserted lines go too
  }
  return *this;
}

Editor& Editor::remove(std::string_view name) {
  HeaderId id = lookup_header(name);
  if (id != HeaderId::kUnknown) return remove(id);
  auto hs = m_.headers();
  for (size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == HeaderId::kUnknown && scan::iequals(hs[i].name, name)) removed_.set(i);
  }
  for (size_t i = 0; i < count_; ++i) {
    Insert& ins = insert_at(i);
    if (ins.id == HeaderId::kUnknown && scan::iequals(name_of(ins), name)) ins.dead = true;
  }
  return *this;
}

Editor& Editor::remove_first(HeaderId id) {
  // Inserted lines (e.g. a Via we pushed) come first when they sit before the first original one.
  auto hs = m_.headers();
  size_t first = hs.size();
  for (size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == id && !removed_.test(i)) {
      first = i;
      break;
    }
  }
  // The topmost live insert of that id at or before `first`: lowest position, then lowest order.
  Insert* top = nullptr;
  for (size_t i = 0; i < count_; ++i) {
    Insert& ins = insert_at(i);
    if (ins.dead || ins.id != id || ins.before > first) continue;
    if (!top || ins.before < top->before || (ins.before == top->before && ins.order < top->order)) top = &ins;
  }
  if (top) {
    top->dead = true;
    return *this;
  }
  if (first < hs.size()) removed_.set(first);
  return *this;
}

Editor& Editor::replace(HeaderId id, std::string_view value) {
  auto hs = m_.headers();
  size_t pos = hs.size();
  for (size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == id) {
      pos = i;
      break;
    }
  }
  remove(id);
  insert_known(pos, ++appends_, id, value);
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
  // Several prepends at one position: the newest goes on top (of earlier inserts there too).
  insert_known(pos, -(++prepends_) - (1 << 20), id, value);
  return *this;
}

Editor& Editor::append(HeaderId id, std::string_view value) {
  insert_known(m_.headers().size(), ++appends_, id, value);
  return *this;
}

void Editor::insert_known(size_t before, int32_t order, HeaderId id, std::string_view value) {
  Insert ins;
  ins.before = static_cast<uint32_t>(before);
  ins.order = order;
  ins.id = id;
  ins.static_name = canonical_name(id);
  ins.value = store(value, true);
  add_insert(ins);
}

Editor& Editor::append(std::string_view name, std::string_view value) {
  const HeaderId id = lookup_header(name);
  Insert ins;
  ins.before = static_cast<uint32_t>(m_.headers().size());
  ins.order = ++appends_;
  ins.id = id;
  ins.name_ = store(name, true);
  ins.value = store(value, true);
  add_insert(ins);
  return *this;
}

Editor& Editor::set_request_uri(std::string_view uri) {
  request_uri_ = store(uri, true);
  has_request_uri_ = true;
  return *this;
}

Editor& Editor::set_body(std::string_view body) {
  body_ = store(body, false);
  has_body_ = true;
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

void append_number(std::string& out, size_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}
}  // namespace

std::string Editor::serialize() const {
  std::string out;
  const std::string_view raw = m_.raw();
  const std::string_view body = has_body_ ? text(body_) : m_.body();
  out.reserve(raw.size() + used_ + 64);

  if (m_.is_request()) {
    out.append(m_.method_name());
    out.push_back(' ');
    out.append(has_request_uri_ ? text(request_uri_) : m_.request_uri_text());
    out.push_back(' ');
    out.append(m_.version());
  } else {
    out.append(m_.start_line());
  }
  out.append("\r\n");

  // Live inserts in output order: by position, then order (a handful; insertion sort).
  const Insert* local[64];
  std::vector<const Insert*> many;
  if (count_ > std::size(local)) many.resize(count_);
  const Insert** order = count_ > std::size(local) ? many.data() : local;
  size_t live = 0;
  for (size_t i = 0; i < count_; ++i) {
    const Insert& ins = insert_at(i);
    // Content-Length is always computed here; a caller-supplied one would duplicate or contradict it.
    if (ins.dead || ins.id == HeaderId::kContentLength) continue;
    size_t j = live++;
    while (j > 0 && (order[j - 1]->before > ins.before ||
                     (order[j - 1]->before == ins.before && order[j - 1]->order > ins.order))) {
      order[j] = order[j - 1];
      --j;
    }
    order[j] = &ins;
  }
  size_t next_insert = 0;
  auto emit_inserts = [&](size_t before) {
    while (next_insert < live && order[next_insert]->before <= before) {
      const Insert& ins = *order[next_insert++];
      emit_line(out, name_of(ins), text(ins.value));
    }
  };

  auto hs = m_.headers();
  // Unchanged CRLF-terminated lines next to each other in the original are copied as one run.
  size_t run_b = 0, run_e = 0;
  auto flush_run = [&] {
    if (run_e > run_b) out.append(raw.substr(run_b, run_e - run_b));
    run_b = run_e = 0;
  };
  bool length_emitted = false;
  size_t i = 0;
  while (i < hs.size()) {
    // A group is the fields split from one header line.
    size_t j = i + 1;
    while (j < hs.size() && hs[j].line_begin == hs[i].line_begin) ++j;
    if (next_insert < live && order[next_insert]->before <= j - 1) {
      flush_run();
      emit_inserts(j - 1);
    }
    bool all_kept = true, any_kept = false;
    for (size_t k = i; k < j; ++k) {
      all_kept = all_kept && !removed_.test(k);
      any_kept = any_kept || !removed_.test(k);
    }
    const size_t line_b = hs[i].line_begin, line_e = hs[i].line_end;
    if (hs[i].id == HeaderId::kContentLength) {
      // Content-Length always matches the body we send (one line; the parser rejects duplicates).
      flush_run();
      if (any_kept && !length_emitted) {
        if (has_body_) {
          out.append(hs[i].name);
          out.append(": ");
          append_number(out, body.size());
          out.append("\r\n");
        } else {
          append_line(out, raw.substr(line_b, line_e - line_b));
        }
        length_emitted = true;
      }
    } else if (all_kept) {
      if (line_e - line_b >= 2 && raw[line_e - 2] == '\r' && raw[line_e - 1] == '\n') {
        if (run_e != 0 && run_e == line_b) {
          run_e = line_e;
        } else {
          flush_run();
          run_b = line_b;
          run_e = line_e;
        }
      } else {
        flush_run();
        append_line(out, raw.substr(line_b, line_e - line_b));
      }
    } else if (any_kept) {
      flush_run();
      out.append(hs[i].name);
      out.append(": ");
      bool first = true;
      for (size_t k = i; k < j; ++k) {
        if (removed_.test(k)) continue;
        if (!first) out.append(", ");
        out.append(hs[k].value);
        first = false;
      }
      out.append("\r\n");
    } else {
      flush_run();
    }
    i = j;
  }
  flush_run();
  emit_inserts(hs.size());
  if (!length_emitted) {
    out.append("Content-Length: ");
    append_number(out, body.size());
    out.append("\r\n");
  }
  out.append("\r\n");
  out.append(body);
  return out;
}

}  // namespace vg::sip
