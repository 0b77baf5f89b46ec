#include "data_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <string_view>

#include "data_csv.hpp"
#include "data_json.hpp"
#include "data_npy.hpp"
#include "fast_math.hpp"
#include "losses.hpp"
#include "stable_math.hpp"
#include "validation.hpp"

namespace focal {
namespace {

using data_csv::excerpt;
using data_csv::normalizedName;

[[noreturn]] void refuse(const std::string& sentence) { throw std::invalid_argument(sentence); }

std::string count(double n) { return formatValue(n); }

// ---- column names ------------------------------------------------------------------------------

const std::initializer_list<const char*> kLabelNames = {"label", "labels", "target", "targets", "y", "gt", "y_true"};
const std::initializer_list<const char*> kScoreNames = {"logit", "logits", "score", "scores", "prob", "probs",
                                                        "probability", "probabilities", "p", "pred", "preds",
                                                        "confidence", "y_pred", "y_score", "y_prob"};
const std::initializer_list<const char*> kClassNames = {"class", "class_id", "classid", "cls", "category", "category_id"};
// Columns a wide table may carry beside its scores that are no class (pandas writes an unnamed index).
const std::initializer_list<const char*> kOtherNames = {"", "id", "index", "idx", "image", "image_id", "file",
                                                        "filename", "path", "name", "unnamed: 0"};

bool named(const std::string& name, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (name == n) return true;
  return false;
}

// A score name followed by a class index: logit_0, score3, p-2, prob 7.
bool indexedScoreName(const std::string& name) {
  std::size_t end = name.size();
  while (end > 0 && name[end - 1] >= '0' && name[end - 1] <= '9') --end;
  if (end == name.size() || end == 0) return false;
  std::string base = name.substr(0, end);
  if (base.back() == '_' || base.back() == '-' || base.back() == ' ') base.pop_back();
  return named(base, kScoreNames);
}

// text (trimmed) equals an already normalised name, ASCII case aside; no allocation per row.
bool sameName(std::string_view text, std::string_view normalized) {
  text = data_csv::trim(text);
  if (text.size() != normalized.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != normalized[i]) return false;
  }
  return true;
}

bool saysLogit(const std::string& name) { return normalizedName(name).find("logit") != std::string::npos; }

std::string joinNames(const std::vector<std::string>& columns, const std::vector<int>& which) {
  std::string out;
  for (std::size_t i = 0; i < which.size(); ++i) {
    if (i > 0) out += ", ";
    out += excerpt(columns[static_cast<std::size_t>(which[i])]);
  }
  return out;
}

std::string quoted(const std::string& s) { return "\"" + excerpt(s) + "\""; }

// Label, score and class candidates by name, and whether the table looks wide: a class column and
// K >= 2 score columns, either score names with a class index (logit_0, logit_1, ...) or, when no
// column is a score by name, every other column but an id or index column.
void findRoles(DataHeader& h) {
  std::vector<std::string> names;
  for (const std::string& c : h.columns) names.push_back(normalizedName(c));
  int classByName = -1;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const int column = static_cast<int>(i);
    if (named(names[i], kLabelNames)) h.labelCandidates.push_back(column);
    if (named(names[i], kScoreNames)) h.scoreCandidates.push_back(column);
    if (classByName < 0 && named(names[i], kClassNames)) classByName = column;
  }
  if (h.labelCandidates.size() == 1) h.label = h.labelCandidates[0];
  if (h.scoreCandidates.size() == 1) h.score = h.scoreCandidates[0];
  h.ambiguous = h.labelCandidates.size() > 1 || h.scoreCandidates.size() > 1;
  h.scoresAreLogitsByName = h.score >= 0 && saysLogit(h.columns[static_cast<std::size_t>(h.score)]);

  const int classColumn = classByName >= 0 ? classByName : (h.labelCandidates.empty() ? -1 : h.labelCandidates[0]);
  if (classColumn < 0) return;
  std::vector<int> indexed, others;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const int column = static_cast<int>(i);
    if (column == classColumn) continue;
    if (indexedScoreName(names[i])) indexed.push_back(column);
    if (!named(names[i], kLabelNames) && !named(names[i], kClassNames) && !named(names[i], kOtherNames))
      others.push_back(column);
  }
  std::vector<int>* scores = indexed.size() >= 2 ? &indexed : (h.scoreCandidates.empty() && others.size() >= 2 ? &others : nullptr);
  if (!scores) return;
  h.wide = true;
  h.classColumn = classColumn;
  h.wideScoreColumns = *scores;
  h.scoresAreLogitsByName = true;
  for (int c : *scores) h.scoresAreLogitsByName = h.scoresAreLogitsByName && saysLogit(h.columns[static_cast<std::size_t>(c)]);
}

// ---- decisions -----------------------------------------------------------------------------------

// sigmoid(x) for the calibration bins, with the core's inlined exp (fast_math.hpp, 3e-16 relative):
// libm's exp is a call that cost a third of reading a .npy file. One division and a select, so
// that a loop of it vectorises (addRows).
inline double probabilityOf(double x) {
  const double t = fast::expNegative(std::fabs(x));
  const double r = 1.0 / (1.0 + t);
  return x >= 0 ? r : t * r;
}

// Files each row's decisions into the summary of the reading in force; while "auto" is undecided,
// into both readings' summaries (the file's header comment says why).
class DecisionSink {
 public:
  DecisionSink() = default;
  void configure(ScoresAre reading, ScoresAreSource source, bool decided, double maxDecisions) {
    source_ = source;
    maxDecisions_ = maxDecisions;
    undecided_ = !decided;
    reading_ = reading;
    if (undecided_ || reading == ScoresAre::Logits) logits_ = std::make_unique<DecisionHistogram>();
    if (undecided_ || reading == ScoresAre::Probabilities) probabilities_ = std::make_unique<DecisionHistogram>();
  }

  // Refuses the file as soon as it holds more decisions than the limit, not only when a block of
  // them is filed: the page stops reading a file that is too large at that point.
  void requireRoom(std::size_t pending) const {
    if (decisions_ + static_cast<double>(pending) > maxDecisions_)
      refuse("The file holds more than " + count(maxDecisions_) + " decisions, the most this reader takes (maxDecisions).");
  }

  bool probabilitiesForced() const { return !undecided_ && reading_ == ScoresAre::Probabilities; }

  // One row's k decisions: values finite, targets 0 or 1. Returns the index of a value that cannot
  // be a probability when probabilities are forced (and files nothing), else -1 after filing them.
  int add(const double* values, const int* targets, std::size_t k) {
    if (probabilitiesForced()) {
      for (std::size_t i = 0; i < k; ++i)
        if (!(values[i] >= 0.0 && values[i] <= 1.0)) return static_cast<int>(i);
    }
    addRows(values, targets, k);
    return -1;
  }

  // n decisions at once (the .npy reader's rows): the same summary as adding them one by one, with
  // the logits' probabilities computed in one loop first. When probabilities are forced, the
  // caller has skipped the values outside [0, 1].
  void addRows(const double* values, const int* targets, std::size_t n) {
    requireRoom(n);
    if (undecided_) {
      for (std::size_t i = 0; i < n; ++i) {
        if (!(values[i] >= 0.0 && values[i] <= 1.0)) {
          undecided_ = false;
          reading_ = ScoresAre::Logits;
          source_ = ScoresAreSource::Values;
          probabilities_.reset();
          break;
        }
      }
    }
    if (logits_) {
      probability_.resize(n);
      double* p = probability_.data();
      for (std::size_t i = 0; i < n; ++i) p[i] = probabilityOf(values[i]);
      for (std::size_t i = 0; i < n; ++i) logits_->add(targets[i], values[i], p[i]);
    }
    if (probabilities_) {
      for (std::size_t i = 0; i < n; ++i) {
        const double v = values[i];
        // p = 0 or 1 has no finite logit (docs/numerics.md: kProbabilityEpsilon).
        const bool clamp = v == 0.0 || v == 1.0;
        const double p = v == 0.0 ? kProbabilityEpsilon : (v == 1.0 ? 1.0 - kProbabilityEpsilon : v);
        // The logit of p is the prior-bias formula.
        probabilities_->add(targets[i], priorBias(p), p);
        probabilities_->clamped += clamp;
      }
    }
    decisions_ += static_cast<double>(n);
  }

  void fill(DataSummary& s) {
    const bool logits = !undecided_ && reading_ == ScoresAre::Logits;
    s.scoresAre = logits ? ScoresAre::Logits : ScoresAre::Probabilities;
    s.scoresAreSource = source_;
    s.histogram = std::move(logits ? *logits_ : *probabilities_);
  }

 private:
  ScoresAre reading_ = ScoresAre::Probabilities;
  ScoresAreSource source_ = ScoresAreSource::Default;
  bool undecided_ = true;
  double maxDecisions_ = kDefaultMaxDecisions;
  double decisions_ = 0;
  std::unique_ptr<DecisionHistogram> logits_, probabilities_;
  std::vector<double> probability_;
};

// ---- inputs ----------------------------------------------------------------------------------------

class Input {
 public:
  virtual ~Input() = default;
  virtual void push(const char* p, std::size_t n) = 0;
  virtual DataSummary finish() = 0;
};

// The summary, once something usable was read.
DataSummary finished(DataSummary s, DecisionSink& sink, const char* noRows) {
  if (s.rows == 0) {
    if (s.skippedCount == 0) refuse(noRows);
    const SkippedRow& first = s.skipped.front();
    refuse("None of the " + count(s.skippedCount) + " rows could be read; the first, on line " + count(first.line) +
           ": " + first.reason + ".");
  }
  sink.fill(s);
  return s;
}

class TableInput : public Input {
 public:
  explicit TableInput(const DataReaderOptions& o) : options_(o) {}

  void push(const char* p, std::size_t n) override {
    if (tokenizer_) {
      tokenizer_->push(p, n, [this](const data_csv::Record& r) { record(r); });
      return;
    }
    // The delimiter comes from the header line, so the bytes wait until that line is whole.
    head_.append(p, n);
    if (data_csv::firstLineEnd(head_) == std::string::npos) {
      if (head_.size() > data_csv::kMaxRecordBytes)
        refuse("The first line is longer than 1 MiB, so this is not a table of scores.");
      return;
    }
    start();
  }

  DataSummary finish() override {
    if (!tokenizer_) {
      if (head_.find_first_not_of(" \t\r\n\xEF\xBB\xBF") == std::string::npos) refuse("The file is empty.");
      start();
    }
    tokenizer_->finish([this](const data_csv::Record& r) { record(r); });
    if (!headerRead_) refuse("The file is empty.");
    flush();
    return finished(std::move(summary_), sink_, "The file has a header row but no data rows.");
  }

 private:
  void start() {
    const std::size_t end = data_csv::firstLineEnd(head_);
    const std::string_view line = std::string_view(head_).substr(0, end == std::string::npos ? head_.size() : end);
    char d = options_.format == "tsv" ? '\t' : data_csv::detectDelimiter(line);
    if (d == 0)
      refuse("The header line has no comma, tab or semicolon between column names (unknown delimiter), so the label and score columns cannot be told apart.");
    tokenizer_ = std::make_unique<data_csv::Tokenizer>(d);
    std::string head;
    head.swap(head_);
    tokenizer_->push(head.data(), head.size(), [this](const data_csv::Record& r) { record(r); });
  }

  void record(const data_csv::Record& r) {
    if (!headerRead_) {
      header(r);
      headerRead_ = true;
    } else {
      row(r);
    }
  }

  int column(const char* option, const std::string& name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
      if (data_csv::trim(columns_[i]) == data_csv::trim(name)) return static_cast<int>(i);
    const std::string wanted = normalizedName(name);
    for (std::size_t i = 0; i < columns_.size(); ++i)
      if (normalizedName(columns_[i]) == wanted) return static_cast<int>(i);
    std::vector<int> all(columns_.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    failParameter(option, quoted(name), "one of the columns " + joinNames(columns_, all));
  }

  // The one candidate, or a sentence asking the user to choose.
  int chosen(const char* what, const std::vector<int>& candidates, const char* names) const {
    if (candidates.size() == 1) return candidates[0];
    if (candidates.empty())
      refuse(std::string("No column is named like a ") + what + " (" + names + "); choose the " + what + " column.");
    refuse(std::string("Several columns could be the ") + what + " (" + joinNames(columns_, candidates) + "); choose one.");
  }

  void header(const data_csv::Record& r) {
    DataHeader h;
    bool allNumbers = true;
    for (std::size_t i = 0; i < r.size(); ++i) {
      h.columns.emplace_back(data_csv::trim(r.field(i)));
      double v;
      allNumbers = allNumbers && data_csv::parseNumber(r.field(i), v);
    }
    if (allNumbers) refuse("The first line holds numbers, not column names; add a header row such as label,score.");
    findRoles(h);
    columns_ = h.columns;
    bool logitsByName;
    if (!options_.wide) {
      label_ = options_.label.empty() ? chosen("label", h.labelCandidates, "label, target, y, gt") : column("label", options_.label);
      score_ = options_.score.empty() ? chosen("score", h.scoreCandidates, "logit, score, prob, probability, p, pred, confidence")
                                      : column("score", options_.score);
      if (label_ == score_) failParameter("score", quoted(columns_[static_cast<std::size_t>(score_)]), "a column other than the label");
      logitsByName = saysLogit(columns_[static_cast<std::size_t>(score_)]);
    } else {
      if (!options_.label.empty()) label_ = column("label", options_.label);
      else if (h.classColumn >= 0) label_ = h.classColumn;
      else refuse("No column is named like a class (class, label, target, y, gt); choose the class column.");
      std::vector<int> scores;
      if (!options_.scoreColumns.empty()) {
        for (std::size_t i = 0; i < options_.scoreColumns.size(); ++i) {
          const std::string option = "scoreColumns[" + std::to_string(i) + "]";
          const int c = column(option.c_str(), options_.scoreColumns[i]);
          if (c == label_ || std::find(scores.begin(), scores.end(), c) != scores.end())
            failParameter(option, quoted(options_.scoreColumns[i]), "a column named once and not the class column");
          scores.push_back(c);
        }
      } else if (h.wide && h.classColumn == label_) {
        scores = h.wideScoreColumns;
      } else {
        refuse("No score columns were found for the wide table (such as logit_0, logit_1, ...); choose them.");
      }
      wideScores_ = scores;
      background_ = normalizedName(options_.background);
      for (int c : scores) wideNames_.push_back(normalizedName(columns_[static_cast<std::size_t>(c)]));
      const std::string& background = background_;
      logitsByName = true;
      for (std::size_t k = 0; k < scores.size(); ++k) {
        const std::string& name = columns_[static_cast<std::size_t>(scores[k])];
        if (!options_.background.empty() && normalizedName(name) == background) {
          backgroundColumn_ = static_cast<int>(k);
          continue;
        }
        logitsByName = logitsByName && saysLogit(name);
      }
      if (backgroundColumn_ >= 0 && scores.size() == 1)
        failParameter("background", quoted(options_.background), "a class value other than the only score column");
    }
    if (options_.scoresAre == "logits") sink_.configure(ScoresAre::Logits, ScoresAreSource::Option, true, options_.maxDecisions);
    else if (options_.scoresAre == "probabilities")
      sink_.configure(ScoresAre::Probabilities, ScoresAreSource::Option, true, options_.maxDecisions);
    else if (logitsByName) sink_.configure(ScoresAre::Logits, ScoresAreSource::Name, true, options_.maxDecisions);
    else sink_.configure(ScoresAre::Probabilities, ScoresAreSource::Default, false, options_.maxDecisions);
  }

  const std::string& name(int c) const { return columns_[static_cast<std::size_t>(c)]; }

  // A score cell: true with a finite value, or false with the reason.
  bool score(const data_csv::Record& r, int c, double& v, std::string& reason) const {
    const std::string_view cell = data_csv::trim(r.field(static_cast<std::size_t>(c)));
    if (cell.empty()) reason = excerpt(name(c)) + " is empty";
    else if (!data_csv::parseNumber(cell, v)) reason = excerpt(name(c)) + " \"" + excerpt(cell) + "\" is not a number";
    else if (!std::isfinite(v)) reason = excerpt(name(c)) + " \"" + excerpt(cell) + "\" is not finite";
    else return true;
    return false;
  }

  // The label cell: 0 or 1 (or false / true).
  bool label(const data_csv::Record& r, int& target, std::string& reason) const {
    const std::string_view cell = data_csv::trim(r.field(static_cast<std::size_t>(label_)));
    double v;
    if (cell.empty()) {
      reason = excerpt(name(label_)) + " is empty";
      return false;
    }
    if (data_csv::parseNumber(cell, v)) {
      if (v == 0.0 || v == 1.0) {
        target = v == 1.0;
        return true;
      }
    } else if (sameName(cell, "true") || sameName(cell, "false")) {
      target = sameName(cell, "true");
      return true;
    }
    reason = excerpt(name(label_)) + " \"" + excerpt(cell) + "\" is not 0 or 1";
    return false;
  }

  // The class cell of a wide row: the index of the positive score column, or -1 for none.
  bool positiveClass(const data_csv::Record& r, int& k, std::string& reason) const {
    const std::string_view cell = data_csv::trim(r.field(static_cast<std::size_t>(label_)));
    const int K = static_cast<int>(wideScores_.size());
    double v;
    if (cell.empty()) {
      reason = excerpt(name(label_)) + " is empty";
      return false;
    }
    if (!background_.empty() && sameName(cell, background_)) {
      k = -1;
      return true;
    }
    if (data_csv::parseNumber(cell, v)) {
      if (v == std::floor(v) && v >= -1 && v < K) {
        k = static_cast<int>(v);
        if (k == backgroundColumn_) k = -1;
        return true;
      }
      reason = excerpt(name(label_)) + " " + excerpt(cell) + " is not a class index in -1.." + std::to_string(K - 1);
      return false;
    }
    for (int j = 0; j < K; ++j) {
      if (sameName(cell, wideNames_[static_cast<std::size_t>(j)])) {
        k = j == backgroundColumn_ ? -1 : j;
        return true;
      }
    }
    reason = excerpt(name(label_)) + " \"" + excerpt(cell) + "\" is neither a class index nor a score column's name" +
             (options_.background.empty() ? "" : " nor the background");
    return false;
  }

  void row(const data_csv::Record& r) {
    std::string reason;
    if (r.unclosedQuote) {
      summary_.skip(r.line, "a quoted field is not closed");
      return;
    }
    if (r.size() != columns_.size()) {
      summary_.skip(r.line, "has " + std::to_string(r.size()) + (r.size() == 1 ? " field" : " fields") + ", the header has " +
                                std::to_string(columns_.size()));
      return;
    }
    if (!options_.wide) {
      int target = 0;
      double v = 0;
      if (!label(r, target, reason) || !score(r, score_, v, reason)) {
        summary_.skip(r.line, reason);
      } else if (sink_.probabilitiesForced() && !(v >= 0.0 && v <= 1.0)) {
        summary_.skip(r.line, excerpt(name(score_)) + " " + excerpt(r.field(static_cast<std::size_t>(score_))) +
                                  " is not a probability in [0, 1]");
      } else {
        // A long table's rows reach the sink in blocks (DecisionSink::addRows).
        sink_.requireRoom(values_.size() + 1);
        values_.push_back(v);
        targets_.push_back(target);
        if (values_.size() == kBlock) flush();
      }
      return;
    }
    values_.clear();
    targets_.clear();
    columnOf_.clear();
    int k = -1;
    if (!positiveClass(r, k, reason)) {
      summary_.skip(r.line, reason);
      return;
    }
    for (std::size_t j = 0; j < wideScores_.size(); ++j) {
      if (static_cast<int>(j) == backgroundColumn_) continue;
      double v = 0;
      if (!score(r, wideScores_[j], v, reason)) {
        summary_.skip(r.line, reason);
        return;
      }
      values_.push_back(v);
      targets_.push_back(static_cast<int>(j) == k);
      columnOf_.push_back(wideScores_[j]);
    }
    const int bad = sink_.add(values_.data(), targets_.data(), values_.size());
    if (bad >= 0) {
      const int c = columnOf_[static_cast<std::size_t>(bad)];
      summary_.skip(r.line, excerpt(name(c)) + " " + excerpt(r.field(static_cast<std::size_t>(c))) +
                                " is not a probability in [0, 1]");
      return;
    }
    summary_.rows += 1;
  }

  // The long rows waiting in values_ go to the sink (wide rows go one by one).
  void flush() {
    if (options_.wide) return;
    sink_.addRows(values_.data(), targets_.data(), values_.size());
    summary_.rows += static_cast<double>(values_.size());
    values_.clear();
    targets_.clear();
  }

  static constexpr std::size_t kBlock = 4096;
  DataReaderOptions options_;
  std::string head_;
  std::unique_ptr<data_csv::Tokenizer> tokenizer_;
  bool headerRead_ = false;
  std::vector<std::string> columns_;
  int label_ = -1, score_ = -1, backgroundColumn_ = -1;
  std::vector<int> wideScores_;
  std::vector<std::string> wideNames_;  // normalised
  std::string background_;              // normalised
  std::vector<double> values_;
  std::vector<int> targets_, columnOf_;
  DecisionSink sink_;
  DataSummary summary_;
};

class NpyInput : public Input {
 public:
  explicit NpyInput(const DataReaderOptions& o) {
    if (o.scoresAre == "logits") sink_.configure(ScoresAre::Logits, ScoresAreSource::Option, true, o.maxDecisions);
    else if (o.scoresAre == "probabilities") sink_.configure(ScoresAre::Probabilities, ScoresAreSource::Option, true, o.maxDecisions);
    else sink_.configure(ScoresAre::Probabilities, ScoresAreSource::Default, false, o.maxDecisions);
  }

  void push(const char* p, std::size_t n) override {
    if (!parsed_) {
      head_.append(p, n);
      if (!data_npy::looksLikeNpy(head_.data(), head_.size()))
        refuse("The file does not start like a .npy file (the magic \\x93NUMPY is missing).");
      if (!data_npy::parseHeader(head_.data(), head_.size(), header_)) return;
      parsed_ = true;
      elementBytes_ = header_.float32 ? 4 : 8;
      expected_ = header_.rows * 2 * static_cast<double>(elementBytes_);
      std::string rest = head_.substr(header_.dataOffset);
      head_.clear();
      data(rest.data(), rest.size());
      return;
    }
    data(p, n);
  }

  DataSummary finish() override {
    if (!parsed_) {
      if (head_.empty()) refuse("The file is empty.");
      refuse("The .npy file ends inside its header, so it is truncated.");
    }
    if (received_ < expected_)
      refuse("The .npy file is truncated: its header declares " + count(header_.rows) + " rows (" + count(expected_) +
             " bytes of data) but " + count(received_) + " bytes arrived.");
    return finished(std::move(summary_), sink_, "The .npy array has no rows.");
  }

 private:
  void data(const char* p, std::size_t n) {
    if (received_ + static_cast<double>(n) > expected_)
      refuse("The .npy file has more data than the " + count(header_.rows) + " rows its header declares, so it is damaged.");
    received_ += static_cast<double>(n);
    const std::size_t pair = 2 * elementBytes_;
    // A pair split between chunks waits in partial_.
    if (partialBytes_ > 0) {
      const std::size_t take = std::min(n, pair - partialBytes_);
      std::memcpy(partial_ + partialBytes_, p, take);
      partialBytes_ += take;
      p += take;
      n -= take;
      if (partialBytes_ < pair) return;
      rows(partial_, 1);
      partialBytes_ = 0;
    }
    const std::size_t whole = n / pair;
    rows(reinterpret_cast<const unsigned char*>(p), whole);
    partialBytes_ = n - whole * pair;
    std::memcpy(partial_, p + whole * pair, partialBytes_);
  }

  void rows(const unsigned char* p, std::size_t n) {
    if (header_.float32) rowsOf<float, std::uint32_t>(p, n);
    else rowsOf<double, std::uint64_t>(p, n);
  }

  template <class Float, class Bits>
  double element(const unsigned char* p) const {
    Bits bits;
    std::memcpy(&bits, p, sizeof bits);
    if (header_.bigEndian) {
      Bits swapped = 0;
      for (std::size_t i = 0; i < sizeof bits; ++i) swapped = (swapped << 8) | ((bits >> (8 * i)) & 0xFF);
      bits = swapped;
    }
    Float v;
    std::memcpy(&v, &bits, sizeof v);
    return static_cast<double>(v);
  }

  template <class Float, class Bits>
  void rowsOf(const unsigned char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i, p += 2 * sizeof(Float)) {
      row_ += 1;
      const double target = element<Float, Bits>(p);
      const double value = element<Float, Bits>(p + sizeof(Float));
      if (!(target == 0.0 || target == 1.0)) {
        summary_.skip(row_, "target " + formatValue(target) + " is not 0 or 1");
      } else if (!std::isfinite(value)) {
        summary_.skip(row_, "score " + formatValue(value) + " is not finite");
      } else if (sink_.probabilitiesForced() && !(value >= 0.0 && value <= 1.0)) {
        summary_.skip(row_, "score " + formatValue(value) + " is not a probability in [0, 1]");
      } else {
        sink_.requireRoom(values_.size() + 1);
        values_.push_back(value);
        targets_.push_back(target == 1.0);
        if (values_.size() == kBlock) flush();
      }
    }
    flush();
  }

  // The good rows so far go to the sink in blocks.
  void flush() {
    sink_.addRows(values_.data(), targets_.data(), values_.size());
    summary_.rows += static_cast<double>(values_.size());
    values_.clear();
    targets_.clear();
  }

  static constexpr std::size_t kBlock = 4096;
  std::vector<double> values_;
  std::vector<int> targets_;
  std::string head_;
  bool parsed_ = false;
  data_npy::Header header_;
  std::size_t elementBytes_ = 8;
  double expected_ = 0, received_ = 0, row_ = 0;
  unsigned char partial_[16] = {};
  std::size_t partialBytes_ = 0;
  DecisionSink sink_;
  DataSummary summary_;
};

// A focal-inspect --json document is small (sparse bins); it is read whole at the end.
class JsonInput : public Input {
 public:
  void push(const char* p, std::size_t n) override {
    if (text_.size() + n > kMaxBytes) refuse("The file is larger than any focal-inspect --json report (256 MiB).");
    text_.append(p, n);
  }
  DataSummary finish() override {
    if (data_csv::trim(text_).empty()) refuse("The file is empty.");
    return summaryFromJson(text_);
  }

 private:
  static constexpr std::size_t kMaxBytes = std::size_t{256} << 20;
  std::string text_;
};

void validate(const DataReaderOptions& o) {
  if (o.format != "csv" && o.format != "tsv" && o.format != "npy" && o.format != "json")
    failParameter("format", quoted(o.format), "one of csv, tsv, npy, json");
  if (o.scoresAre != "auto" && o.scoresAre != "logits" && o.scoresAre != "probabilities")
    failParameter("scoresAre", quoted(o.scoresAre), "one of auto, logits, probabilities");
  requireWholeNumber("maxDecisions", o.maxDecisions, 1, 9007199254740992LL);
  const bool table = o.format == "csv" || o.format == "tsv";
  if (!table) {
    if (!o.label.empty()) failParameter("label", quoted(o.label), std::string("unset for ") + o.format + " input");
    if (!o.score.empty()) failParameter("score", quoted(o.score), std::string("unset for ") + o.format + " input");
    if (o.wide) failParameter("wide", "true", std::string("false for ") + o.format + " input");
  }
  if (o.wide && !o.score.empty()) failParameter("score", quoted(o.score), "unset for a wide table (scoreColumns names its columns)");
  if (!o.wide && !o.scoreColumns.empty()) failParameter("scoreColumns", "a list", "empty unless wide is true");
  if (!o.wide && !o.background.empty()) failParameter("background", quoted(o.background), "empty unless wide is true");
  if (o.format == "json" && o.scoresAre != "auto")
    failParameter("scoresAre", quoted(o.scoresAre), "auto for json input (the report says how it read its scores)");
}

}  // namespace

class DataReader::Impl {
 public:
  std::unique_ptr<Input> input;
  std::string failure;
  bool finished = false;
};

DataReader::DataReader(const DataReaderOptions& options) : impl_(std::make_unique<Impl>()) {
  validate(options);
  if (options.format == "npy") impl_->input = std::make_unique<NpyInput>(options);
  else if (options.format == "json") impl_->input = std::make_unique<JsonInput>();
  else impl_->input = std::make_unique<TableInput>(options);
}

DataReader::~DataReader() = default;

void DataReader::push(const char* data, std::size_t n) {
  if (!impl_->failure.empty()) throw std::invalid_argument(impl_->failure);
  if (impl_->finished) throw std::invalid_argument("The reader has already finished.");
  try {
    impl_->input->push(data, n);
  } catch (const std::invalid_argument& e) {
    impl_->failure = e.what();
    throw;
  }
}

DataSummary DataReader::finish() {
  if (!impl_->failure.empty()) throw std::invalid_argument(impl_->failure);
  if (impl_->finished) throw std::invalid_argument("The reader has already finished.");
  impl_->finished = true;
  try {
    return impl_->input->finish();
  } catch (const std::invalid_argument& e) {
    impl_->failure = e.what();
    throw;
  }
}

DataHeader inspectHeader(const char* bytes, std::size_t n) {
  DataHeader h;
  if (n == 0) refuse("The file is empty.");
  if (data_npy::looksLikeNpy(bytes, n)) {
    data_npy::Header npy;
    if (n < 6 || !data_npy::parseHeader(bytes, n, npy))
      refuse("The first " + std::to_string(n) + " bytes do not hold the whole .npy header; pass more of the file.");
    h.format = "npy";
    h.columns = {"target", "score"};
    h.label = 0;
    h.score = 1;
    h.labelCandidates = {0};
    h.scoreCandidates = {1};
    h.npyFloat32 = npy.float32;
    h.npyRows = npy.rows;
    return h;
  }
  const std::string_view text(bytes, n);
  std::size_t first = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  first = text.find_first_not_of(" \t\r\n", first);
  if (first == std::string_view::npos) refuse("The file is empty.");
  if (text[first] == '{') {
    h.format = "json";
    return h;
  }
  const std::size_t end = data_csv::firstLineEnd(text);
  const std::string_view line = text.substr(0, end == std::string_view::npos ? n : end);
  h.delimiter = data_csv::detectDelimiter(line.substr(first));
  if (h.delimiter == 0)
    refuse("The header line has no comma, tab or semicolon between column names (unknown delimiter), so the label and score columns cannot be told apart.");
  h.format = h.delimiter == '\t' ? "tsv" : "csv";
  data_csv::Tokenizer tokenizer(h.delimiter);
  bool have = false;
  bool allNumbers = true;
  const auto take = [&](const data_csv::Record& r) {
    if (have) return;
    have = true;
    for (std::size_t i = 0; i < r.size(); ++i) {
      h.columns.emplace_back(data_csv::trim(r.field(i)));
      double v;
      allNumbers = allNumbers && data_csv::parseNumber(r.field(i), v);
    }
  };
  tokenizer.push(line.data(), line.size(), take);
  tokenizer.finish(take);
  if (allNumbers) refuse("The first line holds numbers, not column names; add a header row such as label,score.");
  findRoles(h);
  return h;
}

}  // namespace focal
