// Reader for FreeSWITCH directory XML (conf/directory/*.xml): <user id="..."> elements with
// <param name="password" .../>, "vm-password", "a1-hash" and a `cidr` attribute. Parsed with
// libxml2, without network access or entity expansion (XML_PARSE_NONET, no NOENT).
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>

#include "audit/checks.h"
#include "auth/pin_policy.h"

namespace vg::audit {

namespace {

std::string attr(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

bool named(xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

struct Params {
  std::string password, vm_password, a1_hash;
  bool has_password = false, has_a1 = false, has_vm = false;
  int password_line = 0, vm_line = 0;
};

void read_params(xmlNode* user, Params& p) {
  for (xmlNode* group = user->children; group; group = group->next) {
    if (!named(group, "params")) continue;
    for (xmlNode* param = group->children; param; param = param->next) {
      if (!named(param, "param")) continue;
      const std::string name = attr(param, "name");
      const int line = static_cast<int>(xmlGetLineNo(param));
      if (name == "password") {
        p.password = attr(param, "value");
        p.has_password = true;
        p.password_line = line;
      } else if (name == "vm-password") {
        p.vm_password = attr(param, "value");
        p.has_vm = true;
        p.vm_line = line;
      } else if (name == "a1-hash") {
        p.has_a1 = true;
      }
    }
  }
}

void audit_user(const Input& in, xmlNode* user, Collector& c) {
  const std::string id = attr(user, "id");
  if (id.empty()) return;
  ++c.report.accounts;
  const int line = static_cast<int>(xmlGetLineNo(user));
  Params p;
  read_params(user, p);
  if (p.has_password && p.password.find("$${default_password}") != std::string::npos) {
    c.add(in.name, p.password_line, id, "default_password", Severity::kHigh,
          "password is $${default_password} (1234 in FreeSWITCH's shipped vars.xml)");
  } else if (p.has_password) {
    c.check_password(Credential{in.name, p.password_line, id, id, p.password});
  } else if (!p.has_a1) {
    c.add(in.name, line, id, "no_password", Severity::kHigh, "no password or a1-hash parameter");
  }
  if (p.has_vm) {
    std::string pin = p.vm_password;
    if (pin.find("$${default_password}") != std::string::npos) pin = "1234";
    auto v = auth::check_pin(pin, id);
    if (!v.empty()) {
      std::string rules;
      for (const auto& x : v) rules += (rules.empty() ? "" : ", ") + std::string(auth::to_string(x.rule));
      c.add(in.name, p.vm_line, id, "weak_voicemail_pin", Severity::kMedium, "voicemail PIN fails the PIN policy (" + rules + ")");
    }
  }
  const std::string cidr = attr(user, "cidr");
  if (!cidr.empty() && Collector::is_open_network(cidr)) {
    c.add(in.name, line, id, "permissive_acl", Severity::kMedium, "cidr attribute lets every address in");
  }
}

void walk(const Input& in, xmlNode* n, Collector& c) {
  for (; n; n = n->next) {
    if (named(n, "user")) {
      audit_user(in, n, c);
      continue;  // users do not nest
    }
    if (n->children) walk(in, n->children, c);
  }
}

}  // namespace

Result<void, std::string> audit_freeswitch(const Input& in, Collector& c) {
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlReadMemory(in.text.data(), static_cast<int>(in.text.size()), in.name.c_str(), nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      &xmlFreeDoc);
  if (!doc) return unexpected(in.name + ": not well-formed XML");
  walk(in, xmlDocGetRootElement(doc.get()), c);
  return {};
}

}  // namespace vg::audit
