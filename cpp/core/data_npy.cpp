#include "data_npy.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace focal {
namespace data_npy {
namespace {

constexpr char kMagic[] = "\x93NUMPY";

[[noreturn]] void refuse(const std::string& sentence) { throw std::invalid_argument(sentence); }

// The header is a Python dict literal such as
//   {'descr': '<f8', 'fortran_order': False, 'shape': (1000, 2), }
// Only the three keys numpy writes, with string, boolean and tuple-of-integers values, are read.
class DictReader {
 public:
  explicit DictReader(std::string_view text) : s_(text) {}

  void read(std::string& descr, bool& fortran, std::vector<double>& shape, bool& haveDescr, bool& haveFortran,
            bool& haveShape) {
    expect('{');
    while (true) {
      space();
      if (peek() == '}') return;
      const std::string key = string();
      expect(':');
      space();
      if (key == "descr") {
        descr = string();
        haveDescr = true;
      } else if (key == "fortran_order") {
        fortran = boolean();
        haveFortran = true;
      } else if (key == "shape") {
        shape = tuple();
        haveShape = true;
      } else {
        refuse("The .npy header has an unexpected key '" + key + "'.");
      }
      space();
      if (peek() == ',') ++i_;
      else if (peek() != '}') malformed();
    }
  }

 private:
  [[noreturn]] void malformed() { refuse("The .npy header is not a valid dictionary, so the file is damaged."); }
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t')) ++i_;
  }
  char peek() { return i_ < s_.size() ? s_[i_] : '\0'; }
  void expect(char c) {
    space();
    if (peek() != c) malformed();
    ++i_;
  }
  std::string string() {
    space();
    const char quote = peek();
    if (quote != '\'' && quote != '"') malformed();
    const std::size_t end = s_.find(quote, i_ + 1);
    if (end == std::string_view::npos) malformed();
    std::string out(s_.substr(i_ + 1, end - i_ - 1));
    i_ = end + 1;
    return out;
  }
  bool boolean() {
    if (s_.substr(i_, 4) == "True") {
      i_ += 4;
      return true;
    }
    if (s_.substr(i_, 5) == "False") {
      i_ += 5;
      return false;
    }
    malformed();
  }
  std::vector<double> tuple() {
    expect('(');
    std::vector<double> dims;
    while (true) {
      space();
      if (peek() == ')') {
        ++i_;
        return dims;
      }
      double v = 0;
      bool digits = false;
      while (peek() >= '0' && peek() <= '9') {
        v = v * 10 + (peek() - '0');
        ++i_;
        digits = true;
      }
      if (!digits) malformed();
      if (peek() == 'L') ++i_;  // Python 2 longs
      dims.push_back(v);
      space();
      if (peek() == ',') ++i_;
      else if (peek() != ')') malformed();
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

std::string shapeText(const std::vector<double>& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(static_cast<long long>(shape[i]));
  }
  return out + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

bool looksLikeNpy(const char* p, std::size_t n) {
  const std::size_t m = n < 6 ? n : 6;
  return m > 0 && std::memcmp(p, kMagic, m) == 0;
}

bool parseHeader(const char* p, std::size_t n, Header& out) {
  if (n < 10) return false;
  const auto byte = [p](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])); };
  const unsigned major = byte(6);
  if (major < 1 || major > 3)
    refuse("The .npy file has format version " + std::to_string(major) + ", and only versions 1 to 3 are read.");
  std::size_t length, offset;
  if (major == 1) {
    length = byte(8) | byte(9) << 8;
    offset = 10;
  } else {
    if (n < 12) return false;
    length = byte(8) | byte(9) << 8 | byte(10) << 16 | byte(11) << 24;
    offset = 12;
  }
  if (length > kMaxHeaderBytes) refuse("The .npy header claims " + std::to_string(length) + " bytes, so the file is damaged.");
  if (n < offset + length) return false;

  std::string descr;
  bool fortran = false, haveDescr = false, haveFortran = false, haveShape = false;
  std::vector<double> shape;
  DictReader(std::string_view(p + offset, length)).read(descr, fortran, shape, haveDescr, haveFortran, haveShape);
  if (!haveDescr || !haveFortran || !haveShape)
    refuse("The .npy header lacks one of descr, fortran_order and shape, so the file is damaged.");
  const bool orderOk = descr.size() == 3 && (descr[0] == '<' || descr[0] == '>' || descr[0] == '=');
  if (!orderOk || descr[1] != 'f' || (descr[2] != '4' && descr[2] != '8'))
    refuse("The .npy file holds '" + descr + "' values; only float32 and float64 are read (save with a.astype('float64')).");
  if (fortran) refuse("The .npy array is in Fortran order; save it with np.save(path, np.ascontiguousarray(a)).");
  if (shape.size() != 2 || shape[1] != 2)
    refuse("The .npy array has shape " + shapeText(shape) + ", not (N, 2) with columns [target, score].");
  out.float32 = descr[2] == '4';
  out.bigEndian = descr[0] == '>';
  out.rows = shape[0];
  out.dataOffset = offset + length;
  return true;
}

}  // namespace data_npy
}  // namespace focal
