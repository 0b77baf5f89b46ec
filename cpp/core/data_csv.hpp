// Delimited text (CSV, TSV, semicolon-separated) read push-style: bytes arrive in chunks that may
// split anywhere (inside a quoted field, between the CR and the LF of a line end, inside the UTF-8
// byte order mark), and complete records come out. RFC 4180 quoting ("a,b" and "" for a quote),
// CRLF or LF line ends and a leading BOM all work; blank lines are not records. Internal to the
// data reader (data_reader.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace focal {
namespace data_csv {

// The longest record accepted: beyond it the input is not a table of scores (or a closing quote
// is missing), and refusing it keeps memory bounded.
constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;

struct Record {
  double line = 0;           // 1-based line where it starts
  bool unclosedQuote = false;  // the input ended inside a quoted field
  const std::string* bytes = nullptr;
  const std::vector<std::uint32_t>* ends = nullptr;  // field i is bytes[ends[i-1] .. ends[i])

  std::size_t size() const { return ends->size(); }
  std::string_view field(std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : (*ends)[i - 1];
    return std::string_view(bytes->data() + begin, (*ends)[i] - begin);
  }
};

class Tokenizer {
 public:
  explicit Tokenizer(char delimiter) : delimiter_(delimiter) {}
  // Calls onRecord(const Record&) for each record completed by these bytes. Throws
  // std::invalid_argument for a record longer than kMaxRecordBytes.
  template <class OnRecord>
  void push(const char* data, std::size_t n, OnRecord&& onRecord);
  // Ends the input: the last record, if it had no line end.
  template <class OnRecord>
  void finish(OnRecord&& onRecord);

 private:
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };
  template <class OnRecord>
  void feed(const char* p, std::size_t n, OnRecord& onRecord);
  void endField() { ends_.push_back(static_cast<std::uint32_t>(bytes_.size())); }
  template <class OnRecord>
  void endRecord(OnRecord& onRecord, bool unclosed);
  void checkLength() const;

  char delimiter_;
  State state_ = State::FieldStart;
  bool inRecord_ = false;
  bool anyQuote_ = false;  // the record had a quoted field (so "" alone is not a blank line)
  double line_ = 1, recordLine_ = 1;
  std::string bytes_;
  std::vector<std::uint32_t> ends_;
  unsigned bomSeen_ = 0;
  bool bomDone_ = false;
};

// The delimiter of a header line: the most frequent of tab, comma and semicolon outside quotes
// (ties in that order), or 0 when the line has none. Reads up to the first line end outside quotes.
char detectDelimiter(std::string_view headerLine);

// Where the first non-blank line of `bytes` ends (just past its line end), skipping a BOM; npos
// while that line is not complete yet.
std::size_t firstLineEnd(std::string_view bytes);

// Trims spaces and tabs; the numbers and names of a table tolerate them.
std::string_view trim(std::string_view s);
// Lowercase ASCII of the trimmed text: how column names are compared.
std::string normalizedName(std::string_view s);

// A finite or infinite number, or NaN, in the whole of `text` (trimmed; a leading + allowed).
// False when the text is not a number at all.
bool parseNumber(std::string_view text, double& out);

// A cell's text for a message: at most 40 bytes (cut at a character boundary), control bytes as ?.
std::string excerpt(std::string_view text);

// ---- template definitions --------------------------------------------------------------------

template <class OnRecord>
void Tokenizer::push(const char* data, std::size_t n, OnRecord&& onRecord) {
  static constexpr unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};
  if (!bomDone_) {
    while (n > 0 && bomSeen_ < 3) {
      if (static_cast<unsigned char>(*data) != kBom[bomSeen_]) {
        // Not a BOM after all: what matched so far is content.
        bomDone_ = true;
        feed(reinterpret_cast<const char*>(kBom), bomSeen_, onRecord);
        break;
      }
      ++bomSeen_;
      ++data;
      --n;
    }
    if (bomSeen_ == 3) bomDone_ = true;
    if (!bomDone_) return;
  }
  feed(data, n, onRecord);
}

template <class OnRecord>
void Tokenizer::finish(OnRecord&& onRecord) {
  if (!bomDone_) {
    bomDone_ = true;
    static constexpr char kBomPrefix[3] = {'\xEF', '\xBB', '\xBF'};
    feed(kBomPrefix, bomSeen_, onRecord);
  }
  if (inRecord_) endRecord(onRecord, state_ == State::Quoted);
}

template <class OnRecord>
void Tokenizer::endRecord(OnRecord& onRecord, bool unclosed) {
  endField();
  // A line with nothing but spaces on it is not a record (a trailing newline, a separator line).
  const bool blank = ends_.size() == 1 && !anyQuote_ && trim(bytes_).empty();
  if (!blank) {
    Record r;
    r.line = recordLine_;
    r.unclosedQuote = unclosed;
    r.bytes = &bytes_;
    r.ends = &ends_;
    onRecord(static_cast<const Record&>(r));
  }
  bytes_.clear();
  ends_.clear();
  state_ = State::FieldStart;
  inRecord_ = false;
  anyQuote_ = false;
}

template <class OnRecord>
void Tokenizer::feed(const char* p, std::size_t n, OnRecord& onRecord) {
  const char* const end = p + n;
  const char d = delimiter_;
  while (p < end) {
    if (!inRecord_) {
      inRecord_ = true;
      recordLine_ = line_;
    }
    switch (state_) {
      case State::FieldStart:
        if (*p == '"') {
          state_ = State::Quoted;
          anyQuote_ = true;
          ++p;
          break;
        }
        state_ = State::Unquoted;
        [[fallthrough]];
      case State::Unquoted: {
        // The hot path: a run of ordinary bytes is appended at once.
        const char* run = p;
        while (p < end && *p != d && *p != '\n' && *p != '\r' && *p != '"') ++p;
        bytes_.append(run, static_cast<std::size_t>(p - run));
        if (p == end) break;
        const char c = *p++;
        if (c == d) {
          endField();
          state_ = State::FieldStart;
        } else if (c == '\n') {
          line_ += 1;
          endRecord(onRecord, false);
        } else if (c == '"') {
          bytes_.push_back(c);  // a quote inside an unquoted field is kept as text
        }
        // '\r' is dropped: CRLF line ends
        break;
      }
      case State::Quoted: {
        const char* run = p;
        while (p < end && *p != '"' && *p != '\n') ++p;
        bytes_.append(run, static_cast<std::size_t>(p - run));
        if (p == end) break;
        if (*p == '\n') {
          line_ += 1;
          bytes_.push_back('\n');
        } else {
          state_ = State::QuoteInQuoted;
        }
        ++p;
        break;
      }
      case State::QuoteInQuoted:
        if (*p == '"') {
          bytes_.push_back('"');
          state_ = State::Quoted;
          ++p;
        } else {
          // The field's closing quote; whatever follows up to the delimiter is kept as text.
          state_ = State::Unquoted;
        }
        break;
    }
    checkLength();
  }
}

}  // namespace data_csv
}  // namespace focal
