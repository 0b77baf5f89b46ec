// The header of a NumPy .npy file (format versions 1 to 3): what the data reader needs to stream
// its rows, and a clear refusal of everything it cannot read. Internal to the data reader
// (data_reader.hpp).
#pragma once

#include <cstddef>
#include <string>

namespace focal {
namespace data_npy {

struct Header {
  bool float32 = false;    // else float64
  bool bigEndian = false;
  double rows = 0;         // shape (rows, 2)
  std::size_t dataOffset = 0;  // bytes before the first element
};

// True when the bytes start like a .npy file (the magic "\x93NUMPY", or as much of it as given).
bool looksLikeNpy(const char* p, std::size_t n);

// Parses the header from the first n bytes. Returns false while they do not hold the whole header
// yet; throws std::invalid_argument (one sentence) for a header that is malformed or describes
// anything but a C-order float32 or float64 array of shape (N, 2).
bool parseHeader(const char* p, std::size_t n, Header& out);

// The most header bytes accepted before the data (numpy writes 128 or a few hundred).
constexpr std::size_t kMaxHeaderBytes = 65536;

}  // namespace data_npy
}  // namespace focal
