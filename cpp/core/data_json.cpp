#include "data_json.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <fast_float/fast_float.h>

#include "validation.hpp"

namespace focal {
namespace {

// ---- writing ---------------------------------------------------------------------------------------

class JsonOut {
 public:
  std::string text;

  // The shortest of 15, 16 or 17 significant digits that reads back exactly; whole numbers as
  // integers. (Emscripten's libc++ has no floating-point std::to_chars.) Non-finite: null.
  void number(double v) {
    comma();
    if (!std::isfinite(v)) {
      text += "null";
      return;
    }
    char buffer[40];
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
      std::snprintf(buffer, sizeof buffer, "%.0f", v);
    } else {
      for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
        if (std::strtod(buffer, nullptr) == v) break;
      }
    }
    text += buffer;
  }
  void string(std::string_view s) {
    comma();
    text += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') {
        text += '\\';
        text += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
        text += buffer;
      } else {
        text += c;
      }
    }
    text += '"';
  }
  void boolean(bool b) {
    comma();
    text += b ? "true" : "false";
  }
  void null() {
    comma();
    text += "null";
  }
  void key(const char* k) {
    string(k);
    text += ':';
    afterKey_ = true;
  }
  // Members already written as text (a cached part of an object), at this point of the object.
  void members(const std::string& text) {
    comma();
    this->text += text;
  }
  void beginObject() { open('{'); }
  void endObject() { close('}'); }
  void beginArray() { open('['); }
  void endArray() { close(']'); }
  void numbers(const std::vector<double>& values) {
    beginArray();
    for (double v : values) number(v);
    endArray();
  }

 private:
  void comma() {
    if (afterKey_) {
      afterKey_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) text += ',';
      first_.back() = false;
    }
  }
  void open(char c) {
    comma();
    text += c;
    first_.push_back(true);
  }
  void close(char c) {
    first_.pop_back();
    text += c;
  }
  std::vector<bool> first_;
  bool afterKey_ = false;
};

void writeShares(JsonOut& out, const DataShares& s) {
  out.beginObject();
  out.key("easyNegatives");
  out.number(s.easyNegatives);
  out.key("hardNegatives");
  out.number(s.hardNegatives);
  out.key("positives");
  out.number(s.positives);
  out.endObject();
}

void writeLossShares(JsonOut& out, const char* name, const DataLossShares& s) {
  out.key(name);
  out.beginObject();
  out.key("loss");
  writeShares(out, s.loss);
  out.key("gradient");
  writeShares(out, s.gradient);
  out.endObject();
}

void writeSkipped(JsonOut& out, const std::vector<SkippedRow>& skipped) {
  out.beginArray();
  for (const SkippedRow& row : skipped) {
    out.beginObject();
    out.key("line");
    out.number(row.line);
    out.key("reason");
    out.string(row.reason);
    out.endObject();
  }
  out.endArray();
}

// The members that depend only on the summary, not on gamma, alpha or the threshold: most of the
// report's numbers (Figure 4 alone has 909), written once per summary when a cache is given.
void writeStaticMembers(JsonOut& out, const DataReport& r) {
  out.key("rows");
  out.number(r.rows);
  out.key("decisions");
  out.number(r.decisions);
  out.key("positives");
  out.number(r.positives);
  out.key("clamped");
  out.number(r.clamped);
  out.key("skippedCount");
  out.number(r.skippedCount);
  out.key("skipped");
  writeSkipped(out, r.skipped);
  out.key("scoresAre");
  out.string(scoresAreName(r.scoresAre));
  out.key("scoresAreSource");
  out.string(scoresAreSourceName(r.scoresAreSource));
  out.key("cdf");
  out.beginObject();
  out.key("gammas");
  out.numbers(r.cdfGammas);
  out.key("fractions");
  out.numbers(r.cdfFractions);
  out.key("positives");
  out.beginArray();
  for (const auto& curve : r.cdfPositives) out.numbers(curve);
  out.endArray();
  out.key("negatives");
  out.beginArray();
  for (const auto& curve : r.cdfNegatives) out.numbers(curve);
  out.endArray();
  out.endObject();
  out.key("calibration");
  out.beginObject();
  out.key("bins");
  out.beginArray();
  for (const CalibrationBin& bin : r.calibration.bins) {
    out.beginObject();
    out.key("count");
    out.number(static_cast<double>(bin.count));
    out.key("meanProbability");
    out.number(bin.meanProbability);
    out.key("positiveRate");
    out.number(bin.positiveRate);
    out.endObject();
  }
  out.endArray();
  out.key("ece");
  out.number(r.calibration.ece);
  out.endObject();
  out.key("prior");
  out.beginObject();
  out.key("pi");
  out.number(r.pi);
  out.key("bias");
  if (r.hasBias) out.number(r.bias);
  else out.null();
  out.endObject();
}

void writeReport(JsonOut& out, const DataReport& r, std::string* staticCache = nullptr) {
  out.beginObject();
  if (staticCache) {
    if (staticCache->empty()) {
      JsonOut part;
      part.beginObject();
      writeStaticMembers(part, r);
      *staticCache = part.text.substr(1);  // the members, without the object's opening brace
    }
    out.members(*staticCache);
  } else {
    writeStaticMembers(out, r);
  }
  out.key("easyThreshold");
  out.number(r.easyThreshold);
  out.key("easyLogit");
  out.number(r.easyLogit);
  out.key("shares");
  out.beginObject();
  writeLossShares(out, "crossEntropy", r.crossEntropy);
  writeLossShares(out, "alphaCrossEntropy", r.alphaCrossEntropy);
  writeLossShares(out, "focal", r.focal);
  out.endObject();
  out.key("gammaSweep");
  out.beginArray();
  for (const GammaSweepPoint& p : r.gammaSweep) {
    out.beginObject();
    out.key("gamma");
    out.number(p.gamma);
    out.key("easyNegativeShare");
    out.number(p.easyNegativeShare);
    out.key("fractionFor90");
    out.number(p.fractionFor90);
    out.endObject();
  }
  out.endArray();
  out.endObject();
}

// Sums are written with all 17 digits: they must read back bit for bit, and there are many.
void exactNumber(JsonOut& out, double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  out.text += buffer;
}

void writeClass(JsonOut& out, const std::vector<SummaryBin>& bins) {
  out.beginObject();
  out.key("below");
  out.beginArray();
  out.number(bins.front().count);
  out.number(bins.front().sum);
  out.endArray();
  out.key("above");
  out.beginArray();
  out.number(bins.back().count);
  out.number(bins.back().sum);
  out.endArray();
  out.key("bins");
  out.beginArray();
  bool first = true;
  for (std::size_t s = 1; s + 1 < bins.size(); ++s) {
    if (bins[s].count <= 0) continue;
    // Written directly: the bins are the bulk of the document.
    if (!first) out.text += ',';
    first = false;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "[%zu,%.0f,", s - 1, bins[s].count);
    out.text += buffer;
    exactNumber(out, bins[s].sum);
    out.text += ']';
  }
  out.endArray();
  out.endObject();
}

// ---- reading ---------------------------------------------------------------------------------------

// A pull parser for the document: the caller says what it expects where, and anything else is an
// error naming the path (summary.histogram.negatives.bins[3]) and the byte offset.
class JsonIn {
 public:
  explicit JsonIn(std::string_view s) : s_(s) {}

  [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
    throw std::invalid_argument("The report file is malformed: " + (path.empty() ? std::string("the document") : path) + " " +
                                problem + " (at byte " + std::to_string(i_) + ").");
  }

  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  char peek() {
    space();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  void expect(char c, const std::string& path, const char* what) {
    if (peek() != c) fail(path, std::string("must be ") + what);
    ++i_;
  }

  double number(const std::string& path) {
    space();
    const char* begin = s_.data() + i_;
    double v = 0;
    const auto r = fast_float::from_chars(begin, s_.data() + s_.size(), v);
    if (r.ec != std::errc() || r.ptr == begin || !std::isfinite(v)) fail(path, "must be a finite number");
    i_ += static_cast<std::size_t>(r.ptr - begin);
    return v;
  }

  bool isNull() {
    if (peek() == 'n' && s_.substr(i_, 4) == "null") {
      i_ += 4;
      return true;
    }
    return false;
  }

  std::string string(const std::string& path) {
    expect('"', path, "a string");
    std::string out;
    while (true) {
      if (i_ >= s_.size()) fail(path, "is a string that never ends");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) fail(path, "is a string that never ends");
      const char e = s_[i_++];
      switch (e) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': appendUtf8(out, codePoint(path)); break;
        default: fail(path, "has an unknown escape in a string");
      }
    }
  }

  // Calls onMember(key, path) for each member; onMember must read the value.
  void object(const std::string& path, const std::function<void(const std::string&, const std::string&)>& onMember) {
    expect('{', path, "an object");
    if (peek() == '}') {
      ++i_;
      return;
    }
    while (true) {
      const std::string key = string(path + " key");
      expect(':', path, "an object with ':' after each key");
      onMember(key, path.empty() ? key : path + "." + key);
      const char c = peek();
      ++i_;
      if (c == '}') return;
      if (c != ',') fail(path, "must be an object with ',' between members");
    }
  }

  void array(const std::string& path, const std::function<void(std::size_t, const std::string&)>& onItem) {
    expect('[', path, "an array");
    if (peek() == ']') {
      ++i_;
      return;
    }
    for (std::size_t k = 0;; ++k) {
      onItem(k, path + "[" + std::to_string(k) + "]");
      const char c = peek();
      ++i_;
      if (c == ']') return;
      if (c != ',') fail(path, "must be an array with ',' between items");
    }
  }

  // Any value, unread (the members this reader does not need).
  void skip(const std::string& path) {
    const char c = peek();
    if (c == '{') object(path, [this](const std::string&, const std::string& p) { skip(p); });
    else if (c == '[') array(path, [this](std::size_t, const std::string& p) { skip(p); });
    else if (c == '"') string(path);
    else if (isNull()) return;
    else if (s_.substr(i_, 4) == "true") i_ += 4;
    else if (s_.substr(i_, 5) == "false") i_ += 5;
    else number(path);
  }

  void end() {
    if (peek() != '\0') fail("", "has text after its end");
  }

 private:
  unsigned hex4(const std::string& path) {
    if (i_ + 4 > s_.size()) fail(path, "has a short \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else fail(path, "has a bad \\u escape");
    }
    return v;
  }
  unsigned codePoint(const std::string& path) {
    const unsigned hi = hex4(path);
    if (hi >= 0xD800 && hi < 0xDC00 && s_.substr(i_, 2) == "\\u") {
      i_ += 2;
      const unsigned lo = hex4(path);
      if (lo >= 0xDC00 && lo < 0xE000) return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
    }
    return hi;
  }
  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

[[noreturn]] void inconsistent(const std::string& what) {
  throw std::invalid_argument("The report file is malformed: " + what + ".");
}

double wholeNumber(JsonIn& in, const std::string& path) {
  const double v = in.number(path);
  if (!(v >= 0 && v == std::floor(v) && v <= 9007199254740992.0)) in.fail(path, "must be a whole number >= 0");
  return v;
}

void readClass(JsonIn& in, const std::string& path, std::vector<SummaryBin>& bins) {
  bool below = false, above = false, list = false;
  const auto outer = [&](const std::string& p, SummaryBin& bin) {
    std::size_t k = 0;
    in.array(p, [&](std::size_t item, const std::string& ip) {
      if (item == 0) bin.count = wholeNumber(in, ip);
      else if (item == 1) bin.sum = in.number(ip);
      else in.fail(p, "must be [count, sum of logits]");
      k = item + 1;
    });
    if (k != 2) in.fail(p, "must be [count, sum of logits]");
    const double mean = bin.sum / bin.count;
    if (bin.count > 0 && (&bin == &bins.front() ? !(mean < -kSummaryLogitLimit) : !(mean >= kSummaryLogitLimit)))
      in.fail(p, &bin == &bins.front() ? "must hold logits below -40" : "must hold logits of 40 and above");
    if (bin.count == 0 && bin.sum != 0) in.fail(p, "must have a zero sum when its count is 0");
  };
  in.object(path, [&](const std::string& key, const std::string& p) {
    if (key == "below") {
      outer(p, bins.front());
      below = true;
    } else if (key == "above") {
      outer(p, bins.back());
      above = true;
    } else if (key == "bins") {
      list = true;
      double previous = -1;
      in.array(p, [&](std::size_t, const std::string& ip) {
        double index = 0, count = 0, sum = 0;
        std::size_t k = 0;
        in.array(ip, [&](std::size_t item, const std::string& vp) {
          if (item == 0) index = wholeNumber(in, vp);
          else if (item == 1) count = wholeNumber(in, vp);
          else if (item == 2) sum = in.number(vp);
          else in.fail(ip, "must be [bin index, count, sum of offsets]");
          k = item + 1;
        });
        if (k != 3) in.fail(ip, "must be [bin index, count, sum of offsets]");
        if (!(index > previous && index < static_cast<double>(kSummaryRangeBins)))
          in.fail(ip, "must have a bin index above the previous one and below 81920");
        if (count <= 0) in.fail(ip, "must have a count of at least 1");
        // Every logit of the bin lies within it: offsets in [0, 1/1024), with rounding's slack.
        const double mean = sum / count;
        if (!(mean >= -1e-9 && mean <= 1.0 / kSummaryBinsPerUnit + 1e-9)) in.fail(ip, "must have its logits inside the bin");
        previous = index;
        SummaryBin& bin = bins[static_cast<std::size_t>(index) + 1];
        bin.count = count;
        bin.sum = sum;
      });
    } else {
      in.skip(p);
    }
  });
  if (!below || !above || !list) inconsistent(path + " needs below, above and bins");
}

}  // namespace

std::string reportJson(const DataReport& report, std::string* staticCache) {
  JsonOut out;
  writeReport(out, report, staticCache);
  return out.text;
}

std::string dataDocumentJson(const DataSummary& s, const DataReportParams& params, const DataReport& report) {
  JsonOut out;
  out.beginObject();
  out.key("format");
  out.string("focal-inspect");
  out.key("version");
  out.number(kDataJsonVersion);
  out.key("params");
  out.beginObject();
  out.key("gamma");
  out.number(params.gamma);
  out.key("alpha");
  out.number(params.alpha);
  out.key("easyThreshold");
  out.number(params.easyThreshold);
  out.endObject();
  out.key("report");
  writeReport(out, report);
  out.key("summary");
  out.beginObject();
  out.key("binsPerUnit");
  out.number(kSummaryBinsPerUnit);
  out.key("logitLimit");
  out.number(kSummaryLogitLimit);
  out.key("calibrationBins");
  out.number(static_cast<double>(kSummaryCalibrationBins));
  out.key("rows");
  out.number(s.rows);
  out.key("decisions");
  out.number(s.histogram.decisions);
  out.key("positives");
  out.number(s.histogram.positives);
  out.key("clamped");
  out.number(s.histogram.clamped);
  out.key("skippedCount");
  out.number(s.skippedCount);
  out.key("skipped");
  writeSkipped(out, s.skipped);
  out.key("scoresAre");
  out.string(scoresAreName(s.scoresAre));
  out.key("scoresAreSource");
  out.string(scoresAreSourceName(s.scoresAreSource));
  out.key("histogram");
  out.beginObject();
  out.key("negatives");
  writeClass(out, s.histogram.bins[0]);
  out.key("positives");
  writeClass(out, s.histogram.bins[1]);
  out.endObject();
  const CalibrationSums& c = s.histogram.calibration;
  out.key("calibration");
  out.beginObject();
  out.key("count");
  out.numbers(c.count);
  out.key("sumProbability");
  out.beginArray();
  for (std::size_t b = 0; b < c.sumProbability.size(); ++b) {
    if (b > 0) out.text += ',';
    exactNumber(out, c.sumProbability[b]);
  }
  out.endArray();
  out.key("positives");
  out.numbers(c.positives);
  out.endObject();
  out.endObject();
  out.endObject();
  out.text += '\n';
  return out.text;
}

DataSummary summaryFromJson(const std::string& text) {
  JsonIn in(text);
  DataSummary s;
  bool haveFormat = false, haveVersion = false, haveSummary = false;
  in.object("", [&](const std::string& key, const std::string& path) {
    if (key == "format") {
      if (in.string(path) != "focal-inspect") in.fail(path, "must be \"focal-inspect\"");
      haveFormat = true;
    } else if (key == "version") {
      const double v = in.number(path);
      if (v != kDataJsonVersion)
        in.fail(path, "is " + formatValue(v) + ", and this reader knows version " + std::to_string(kDataJsonVersion));
      haveVersion = true;
    } else if (key == "summary") {
      haveSummary = true;
      std::vector<std::string> seen;
      double decisions = 0, positives = 0, clamped = 0;
      in.object(path, [&](const std::string& k, const std::string& p) {
        seen.push_back(k);
        if (k == "binsPerUnit" || k == "logitLimit" || k == "calibrationBins") {
          const double expected = k == "binsPerUnit" ? kSummaryBinsPerUnit
                                 : k == "logitLimit" ? kSummaryLogitLimit
                                                     : static_cast<double>(kSummaryCalibrationBins);
          if (in.number(p) != expected) in.fail(p, "must be " + formatValue(expected) + " (the summary's fixed grid)");
        } else if (k == "rows") {
          s.rows = wholeNumber(in, p);
        } else if (k == "decisions") {
          decisions = wholeNumber(in, p);
        } else if (k == "positives") {
          positives = wholeNumber(in, p);
        } else if (k == "clamped") {
          clamped = wholeNumber(in, p);
        } else if (k == "skippedCount") {
          s.skippedCount = wholeNumber(in, p);
        } else if (k == "skipped") {
          in.array(p, [&](std::size_t item, const std::string& ip) {
            if (item >= kMaxSkippedListed) in.fail(p, "must list at most 100 rows");
            SkippedRow row;
            bool line = false, reason = false;
            in.object(ip, [&](const std::string& rk, const std::string& rp) {
              if (rk == "line") {
                row.line = wholeNumber(in, rp);
                line = true;
              } else if (rk == "reason") {
                row.reason = in.string(rp);
                reason = true;
              } else {
                in.skip(rp);
              }
            });
            if (!line || !reason) in.fail(ip, "must have a line and a reason");
            s.skipped.push_back(row);
          });
        } else if (k == "scoresAre") {
          const std::string v = in.string(p);
          if (v == "logits") s.scoresAre = ScoresAre::Logits;
          else if (v == "probabilities") s.scoresAre = ScoresAre::Probabilities;
          else in.fail(p, "must be \"logits\" or \"probabilities\"");
        } else if (k == "scoresAreSource") {
          const std::string v = in.string(p);
          if (v == "option") s.scoresAreSource = ScoresAreSource::Option;
          else if (v == "name") s.scoresAreSource = ScoresAreSource::Name;
          else if (v == "values") s.scoresAreSource = ScoresAreSource::Values;
          else if (v == "default") s.scoresAreSource = ScoresAreSource::Default;
          else in.fail(p, "must be one of \"option\", \"name\", \"values\", \"default\"");
        } else if (k == "histogram") {
          bool negatives = false, positivesSeen = false;
          in.object(p, [&](const std::string& hk, const std::string& hp) {
            if (hk == "negatives") {
              readClass(in, hp, s.histogram.bins[0]);
              negatives = true;
            } else if (hk == "positives") {
              readClass(in, hp, s.histogram.bins[1]);
              positivesSeen = true;
            } else {
              in.skip(hp);
            }
          });
          if (!negatives || !positivesSeen) inconsistent(p + " needs negatives and positives");
        } else if (k == "calibration") {
          CalibrationSums& c = s.histogram.calibration;
          const auto list = [&](const std::string& lp, std::vector<double>& out, bool whole) {
            std::size_t n = 0;
            in.array(lp, [&](std::size_t item, const std::string& ip) {
              if (item >= out.size()) in.fail(lp, "must have 15 numbers");
              out[item] = whole ? wholeNumber(in, ip) : in.number(ip);
              n = item + 1;
            });
            if (n != out.size()) in.fail(lp, "must have 15 numbers");
          };
          in.object(p, [&](const std::string& ck, const std::string& cp) {
            if (ck == "count") list(cp, c.count, true);
            else if (ck == "sumProbability") list(cp, c.sumProbability, false);
            else if (ck == "positives") list(cp, c.positives, true);
            else in.skip(cp);
          });
        } else {
          in.skip(p);
        }
      });
      for (const char* required : {"rows", "decisions", "positives", "clamped", "skippedCount", "skipped", "scoresAre",
                                   "scoresAreSource", "histogram", "calibration", "binsPerUnit", "logitLimit",
                                   "calibrationBins"}) {
        bool found = false;
        for (const std::string& k : seen) found = found || k == required;
        if (!found) inconsistent(std::string("summary has no ") + required);
      }
      s.histogram.decisions = decisions;
      s.histogram.positives = positives;
      s.histogram.clamped = clamped;
    } else {
      in.skip(path);
    }
  });
  in.end();
  if (!haveFormat || !haveVersion || !haveSummary)
    inconsistent("it needs format, version and summary (is this a focal-inspect --json file?)");

  // The counts must agree with each other, so that no report of this summary can divide by zero
  // or show a share outside [0, 1].
  double counted[2] = {0, 0};
  for (int c = 0; c < 2; ++c)
    for (const SummaryBin& bin : s.histogram.bins[c]) counted[c] += bin.count;
  const DecisionHistogram& h = s.histogram;
  if (counted[0] + counted[1] != h.decisions || counted[1] != h.positives)
    inconsistent("summary.decisions and summary.positives disagree with the histogram's counts");
  if (h.decisions <= 0) inconsistent("summary.decisions is 0, so there is nothing to report");
  double calibrated = 0, calibratedPositives = 0;
  for (std::size_t b = 0; b < kSummaryCalibrationBins; ++b) {
    const double n = h.calibration.count[b];
    calibrated += n;
    calibratedPositives += h.calibration.positives[b];
    const double lo = static_cast<double>(b) / kSummaryCalibrationBins, hi = static_cast<double>(b + 1) / kSummaryCalibrationBins;
    if (h.calibration.positives[b] > n || (n > 0 && !(h.calibration.sumProbability[b] / n >= lo - 1e-9 &&
                                                      h.calibration.sumProbability[b] / n <= hi + 1e-9)) ||
        (n == 0 && h.calibration.sumProbability[b] != 0))
      inconsistent("summary.calibration bin " + std::to_string(b) + " does not fit its range of probabilities");
  }
  if (calibrated != h.decisions || calibratedPositives != h.positives)
    inconsistent("summary.calibration's counts disagree with summary.decisions and summary.positives");
  if (h.clamped > h.decisions || s.rows > h.decisions || s.rows <= 0)
    inconsistent("summary.rows and summary.clamped must lie between 1 and summary.decisions");
  if (s.skippedCount < static_cast<double>(s.skipped.size()))
    inconsistent("summary.skippedCount is smaller than the list of skipped rows");
  return s;
}

}  // namespace focal
