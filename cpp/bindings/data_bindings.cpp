// Bindings for the "Your model" data reports: header inspection, the streaming reader and the
// summary's report. The core does the work; each binding converts, forwards and turns the core's
// std::invalid_argument into a JS RangeError. Reports cross as the core's own JSON text
// (data_json.hpp), the same text focal-inspect --json writes, so the page and the tool share one
// shape by construction. data_api.js adds the type checks and the public objects.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "data_json.hpp"
#include "data_reader.hpp"
#include "data_report.hpp"

#include "range_checked.hpp"

using namespace emscripten;
using focal_bindings::rangeChecked;

namespace {

// A summary as the page holds it: the reporter, and the report's members that no slider changes,
// formatted once (data_json.hpp, reportJson).
struct SummaryHandle {
  explicit SummaryHandle(focal::DataSummary summary) : reporter(std::move(summary)) {}
  focal::DataReporter reporter;
  std::string staticJson;
};

val indexList(const std::vector<std::string>& columns, const std::vector<int>& which) {
  val a = val::array();
  for (int c : which) a.call<void>("push", columns[static_cast<std::size_t>(c)]);
  return a;
}

val columnOrNull(const focal::DataHeader& h, int c) {
  return c < 0 ? val::null() : val(h.columns[static_cast<std::size_t>(c)]);
}

val inspectHeader(std::uintptr_t bytes, std::size_t n) {
  return rangeChecked([&] {
    const focal::DataHeader h = focal::inspectHeader(reinterpret_cast<const char*>(bytes), n);
    val o = val::object();
    o.set("format", h.format);
    o.set("delimiter", h.delimiter ? val(std::string(1, h.delimiter)) : val::null());
    val columns = val::array();
    for (const std::string& c : h.columns) columns.call<void>("push", c);
    o.set("columns", columns);
    o.set("label", columnOrNull(h, h.label));
    o.set("score", columnOrNull(h, h.score));
    o.set("labelCandidates", indexList(h.columns, h.labelCandidates));
    o.set("scoreCandidates", indexList(h.columns, h.scoreCandidates));
    o.set("ambiguous", h.ambiguous);
    if (h.wide) {
      val wide = val::object();
      wide.set("classColumn", h.columns[static_cast<std::size_t>(h.classColumn)]);
      wide.set("scoreColumns", indexList(h.columns, h.wideScoreColumns));
      o.set("wide", wide);
    } else {
      o.set("wide", val::null());
    }
    o.set("scoresAreLogitsByName", h.scoresAreLogitsByName);
    if (h.format == "npy") {
      val npy = val::object();
      npy.set("dtype", std::string(h.npyFloat32 ? "float32" : "float64"));
      npy.set("rows", h.npyRows);
      o.set("npy", npy);
    }
    return o;
  });
}

// The options arrive checked for type by data_api.js; the core checks the values.
focal::DataReader* createReader(val options) {
  return rangeChecked([&] {
    focal::DataReaderOptions o;
    o.format = options["format"].as<std::string>();
    o.label = options["label"].as<std::string>();
    o.score = options["score"].as<std::string>();
    o.scoresAre = options["scoresAre"].as<std::string>();
    o.wide = options["wide"].as<bool>();
    const val columns = options["scoreColumns"];
    const unsigned length = columns["length"].as<unsigned>();
    for (unsigned i = 0; i < length; ++i) o.scoreColumns.push_back(columns[i].as<std::string>());
    o.background = options["background"].as<std::string>();
    o.maxDecisions = options["maxDecisions"].as<double>();
    return new focal::DataReader(o);
  });
}

void pushBytes(focal::DataReader& reader, std::uintptr_t bytes, std::size_t n) {
  rangeChecked([&] {
    reader.push(reinterpret_cast<const char*>(bytes), n);
    return 0;
  });
}

SummaryHandle* finishReader(focal::DataReader& reader) {
  return rangeChecked([&] { return new SummaryHandle(reader.finish()); });
}

SummaryHandle* summaryFromJson(const std::string& text) {
  return rangeChecked([&] { return new SummaryHandle(focal::summaryFromJson(text)); });
}

focal::DataReportParams params(double gamma, double alpha, double easyThreshold) {
  focal::DataReportParams p;
  p.gamma = gamma;
  p.alpha = alpha;
  p.easyThreshold = easyThreshold;
  return p;
}

std::string reportJson(SummaryHandle& s, double gamma, double alpha, double easyThreshold) {
  return rangeChecked([&] { return focal::reportJson(s.reporter.report(params(gamma, alpha, easyThreshold)), &s.staticJson); });
}

std::string documentJson(SummaryHandle& s, double gamma, double alpha, double easyThreshold) {
  return rangeChecked([&] {
    const focal::DataReportParams p = params(gamma, alpha, easyThreshold);
    return focal::dataDocumentJson(s.reporter.summary(), p, s.reporter.report(p));
  });
}

// The core's fixed choices, so that the JS side states none of them a second time.
val dataConstants() {
  const focal::DataReportParams defaults;
  val report = val::object();
  report.set("gamma", defaults.gamma);
  report.set("alpha", defaults.alpha);
  report.set("easyThreshold", defaults.easyThreshold);
  val sweep = val::array(), cdf = val::array();
  for (double g : focal::kSweepGammas) sweep.call<void>("push", g);
  for (double g : focal::kDataCdfGammas) cdf.call<void>("push", g);
  val o = val::object();
  o.set("defaultReportParams", report);
  o.set("sweepGammas", sweep);
  o.set("cdfGammas", cdf);
  o.set("probabilityEpsilon", focal::kProbabilityEpsilon);
  return o;
}

}  // namespace

EMSCRIPTEN_BINDINGS(focal_data) {
  function("rawInspectHeader", &inspectHeader);
  function("rawDataConstants", &dataConstants);
  function("rawSummaryFromJson", &summaryFromJson, allow_raw_pointers());
  // The JS wrappers own the instances and delete them in delete().
  class_<focal::DataReader>("RawDataReader")
      .constructor(&createReader, allow_raw_pointers())
      .function("push", &pushBytes)
      .function("finish", &finishReader, allow_raw_pointers());
  class_<SummaryHandle>("RawDataSummary")
      .function("reportJson", &reportJson)
      .function("documentJson", &documentJson);
}
