// The focal-inspect --json document: the report for one gamma, alpha and easy threshold, plus the
// summary it came from (sparse: non-empty bins only), so that the page can reload it and recompute
// the report live with its own sliders. One writer and one strict reader, both here, for the
// schema written down in docs/api.md ("Your model: data reports"):
//   {"format": "focal-inspect", "version": 1, "params": {...}, "report": {...}, "summary": {...}}
// The wasm binding's report() is the same reportJson text, parsed by JS: one shape everywhere.
#pragma once

#include <string>

#include "data_report.hpp"
#include "data_summary.hpp"

namespace focal {

constexpr int kDataJsonVersion = 1;

// The report object alone. With staticCache, the members that depend only on the summary (the
// counts, Figure 4, calibration, prior) are formatted once into *staticCache (when empty) and
// reused: pass one string per summary. Formatting those numbers is most of a report's cost in wasm.
std::string reportJson(const DataReport& report, std::string* staticCache = nullptr);
// The whole document. Every number round-trips exactly through a JSON parser.
std::string dataDocumentJson(const DataSummary& summary, const DataReportParams& params, const DataReport& report);
// Rebuilds the summary from a document; throws std::invalid_argument with one sentence naming
// what is wrong and where (the "report" and "params" members are not read).
DataSummary summaryFromJson(const std::string& text);

}  // namespace focal
