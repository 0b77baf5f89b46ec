// Reads a user's model scores into a DataSummary (data_summary.hpp), push-style: the same code
// serves the native focal-inspect tool (a file in 1 MiB blocks) and the page (a worker pushing a
// File's chunks). Inputs:
//   csv / tsv  a header row, then rows; the delimiter (comma, tab, semicolon) is read from the
//              header. Long form: a label column (0/1) and a score column. Wide form: a class
//              column and K score columns, each row giving K binary decisions (one sigmoid per
//              class); class -1, or the background value, makes every decision negative.
//   npy        float32 or float64, shape (N, 2), columns [target, score].
//   json       a focal-inspect --json document (data_json.hpp), read whole at the end.
// A bad row is skipped and listed with its line and reason; a file bad as a whole throws
// std::invalid_argument with one sentence, and no summary is made.
//
// Logits or probabilities. scoresAre "logits" or "probabilities" settles it; "auto" reads logits
// when the score column's name (every one, for a wide table) contains "logit", else probabilities
// unless some value lies outside [0, 1]. That last rule would need a second pass over the file, so
// while undecided the reader fills two summaries at once, one per reading, and keeps the logits'
// one as soon as a value outside [0, 1] appears (docs/api.md, "Your model: data reports").
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "data_summary.hpp"

namespace focal {

// What the first bytes of a file say about it; column indices refer to `columns`, -1 for none.
struct DataHeader {
  std::string format;  // csv, tsv, npy or json
  char delimiter = 0;  // csv/tsv only
  std::vector<std::string> columns;
  int label = -1, score = -1;  // the only candidate, else -1
  std::vector<int> labelCandidates, scoreCandidates;
  bool ambiguous = false;
  bool wide = false;
  int classColumn = -1;
  std::vector<int> wideScoreColumns;
  bool scoresAreLogitsByName = false;
  // npy only
  bool npyFloat32 = false;
  double npyRows = 0;
};

// Throws std::invalid_argument: empty, no header row (the first line is numbers), unknown
// delimiter, a malformed or unsupported .npy header, or too few bytes to hold the first line.
DataHeader inspectHeader(const char* bytes, std::size_t n);

constexpr double kDefaultMaxDecisions = 9007199254740992.0;  // 2^53: no limit natively

struct DataReaderOptions {
  std::string format = "csv";  // csv | tsv | npy | json
  std::string label;           // long: the label column; wide: the class column ("": the header's only candidate)
  std::string score;           // long only ("": the header's only candidate)
  std::string scoresAre = "auto";  // auto | logits | probabilities
  bool wide = false;
  std::vector<std::string> scoreColumns;  // wide only ("": the header's)
  std::string background;                 // wide only: a class value meaning no class is positive
  double maxDecisions = kDefaultMaxDecisions;  // whole number >= 1
};

class DataReader {
 public:
  // Validates the options (std::invalid_argument naming the bad one).
  explicit DataReader(const DataReaderOptions& options);
  ~DataReader();
  DataReader(const DataReader&) = delete;
  DataReader& operator=(const DataReader&) = delete;

  // Throws std::invalid_argument when the file is bad as a whole; the reader then refuses every
  // later call with the same message.
  void push(const char* data, std::size_t n);
  // Ends the input; throws when nothing usable was read. The reader is spent afterwards.
  DataSummary finish();

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace focal
