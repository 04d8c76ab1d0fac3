// How each record type becomes rows of its table: the column lists, multi-row INSERT statements
// ("VALUES (...), (...)" with $N parameters, the same text on both backends) and the parameter
// values of one record. Used by the store's writer thread only.
#pragma once

#include <cstddef>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/event.h"
#include "store/connection.h"
#include "store/records.h"

namespace vg::store {

struct TableSpec {
  std::string_view table;
  std::span<const std::string_view> columns;
  std::string_view suffix;  // appended after VALUES (an ON CONFLICT clause), or empty
};

const TableSpec& events_table();
const TableSpec& calls_table();
const TableSpec& devices_table();
const TableSpec& alerts_table();

// "INSERT INTO t (c1, ..., cn) VALUES ($1, ..., $n), ..." for `rows` rows, then the suffix.
std::string insert_sql(const TableSpec& spec, size_t rows);

// Makes text storable on both backends: PostgreSQL text cannot hold NUL bytes or invalid UTF-8
// (attackers choose User-Agents and URIs), so each NUL and each invalid byte becomes U+FFFD.
void make_storable(std::string& text);

// An event's fields as the JSON object stored in security_events.fields: `{"key":"value",...}`,
// keys in byte order, a repeated key keeping its last value, strings escaped as RFC 8259 §7 requires
// (exactly what nlohmann::json's dump() wrote for the same fields, without building a json tree).
// The text must be storable (valid UTF-8, see make_storable).
std::string fields_json(const std::vector<std::pair<std::string, std::string>>& fields);

// Appends the parameters of one record, in its table's column order. Text is made storable in
// place; derived text (an event's fields as JSON, its source address) is kept in `scratch`, whose
// elements never move, so the views stay valid until scratch is cleared.
void append_params(events::Event& e, std::vector<SqlParam>& out, std::deque<std::string>& scratch);
void append_params(CdrRecord& r, std::vector<SqlParam>& out);
void append_params(DeviceRecord& r, std::vector<SqlParam>& out);
void append_params(AlertRecord& r, std::vector<SqlParam>& out);

}  // namespace vg::store
