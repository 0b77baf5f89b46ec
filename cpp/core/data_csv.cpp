#include "data_csv.hpp"

#include <stdexcept>

#include <fast_float/fast_float.h>

namespace focal {
namespace data_csv {

void Tokenizer::checkLength() const {
  if (bytes_.size() > kMaxRecordBytes) {
    throw std::invalid_argument("The row starting on line " + std::to_string(static_cast<long long>(recordLine_)) +
                                (state_ == State::Quoted ? " has a quoted field that never closes"
                                                         : " is longer than 1 MiB, so this is not a table of scores") +
                                ".");
  }
}

char detectDelimiter(std::string_view line) {
  std::size_t tabs = 0, commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\n') break;
    else if (c == '\t') ++tabs;
    else if (c == ',') ++commas;
    else if (c == ';') ++semicolons;
  }
  if (tabs == 0 && commas == 0 && semicolons == 0) return 0;
  if (tabs >= commas && tabs >= semicolons) return '\t';
  return commas >= semicolons ? ',' : ';';
}

std::size_t firstLineEnd(std::string_view bytes) {
  std::size_t i = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  bool content = false, quoted = false;
  for (; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') {
      if (content) return i + 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      content = true;
    }
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

std::string normalizedName(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool parseNumber(std::string_view text, double& out) {
  text = trim(text);
  // from_chars takes no leading '+', which spreadsheets write.
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto result = fast_float::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 40;
  text = trim(text);
  const bool cut = text.size() > kMax;
  if (cut) {
    std::size_t n = kMax;
    // Back off to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text = text.substr(0, n);
  }
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  if (cut) out += "...";
  return out;
}

}  // namespace data_csv
}  // namespace focal
