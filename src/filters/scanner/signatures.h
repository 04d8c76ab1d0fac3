// Scored signatures of SIP attack tools (data/scanner-signatures.txt): each rule matches one field
// of a request (User-Agent, From, To, Contact, Call-ID, the SDP s= line, or any header by name)
// and adds its score; a request's score is the sum. Pure logic: parsed once, immutable after.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sip/message.h"

namespace vg::filters::scanner {

enum class Field : uint8_t { kUserAgent, kFrom, kTo, kContact, kCallId, kSdpSession, kHeader };
enum class Match : uint8_t { kContains, kPrefix, kEquals };

struct Rule {
  uint32_t score = 0;
  Field field = Field::kUserAgent;
  Match match = Match::kContains;
  std::string header;   // kHeader: the header name
  std::string pattern;  // compared ASCII case-insensitively
  int line = 0;         // in the file, for evidence
};

struct Score {
  uint32_t total = 0;
  std::string evidence;  // the rules that matched, e.g. "user-agent contains friendly-scanner (+100)"
};

class Signatures {
 public:
  // Parses the data file; errors name the line ("line 12: unknown field 'agent'").
  static Result<Signatures, std::string> parse(std::string_view text);
  // The signatures shipped in data/scanner-signatures.txt (embedded at build time).
  static std::string_view embedded_text();

  [[nodiscard]] Score score(const sip::Message& m) const;
  [[nodiscard]] size_t size() const { return rules_.size(); }

 private:
  std::vector<Rule> rules_;
};

}  // namespace vg::filters::scanner
