// focal-inspect: the page's "Your model" report for a scores file, on the command line, for files
// of any size (the reader keeps a fixed-size summary, never the rows). Usage: README.md.
//
//   focal-inspect [--gamma G] [--alpha A] [--easy T] [--label NAME] [--score NAME]
//                 [--scores logits|probabilities] [--wide] [--background NAME] [--json out.json] FILE
//
// FILE is a CSV/TSV with a header row, a .npy array (N, 2) of [target, score], or a focal-inspect
// --json report; "-" reads standard input. --json writes the report plus the summary, which the
// page can load and recompute with its own sliders.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "data_json.hpp"
#include "data_reader.hpp"
#include "data_report.hpp"

namespace {

constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

const char* const kUsage =
    "usage: focal-inspect [--gamma G] [--alpha A] [--easy T] [--label NAME] [--score NAME]\n"
    "                     [--scores logits|probabilities] [--wide] [--background NAME] [--json out.json] FILE\n"
    "  FILE     CSV/TSV with a header row, .npy (N, 2) of [target, score], or a focal-inspect --json file; - for stdin\n"
    "  --gamma  FL's gamma (default 2)       --alpha  alpha, negative for none (default 0.25)\n"
    "  --easy   easy-negative threshold on p_t, in [0.5, 0.999] (default 0.9)\n"
    "  --label  the label column (wide: the class column)    --score  the score column\n"
    "  --scores how to read the scores (default: logits when the column is named logit or a value\n"
    "           lies outside [0, 1], else probabilities)\n"
    "  --wide   a multi-class table: a class column and one score column per class (found by name)\n"
    "  --background NAME   wide: the class value meaning no class is positive (besides -1)\n"
    "  --json   write the report and the summary to this file\n";

[[noreturn]] void usage(const std::string& problem) {
  std::fprintf(stderr, "focal-inspect: %s\n%s", problem.c_str(), kUsage);
  std::exit(2);
}

double numberArgument(const char* flag, const char* text) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || errno == ERANGE) usage(std::string(flag) + " needs a number, got \"" + text + "\"");
  return v;
}

struct Arguments {
  focal::DataReportParams params;
  std::string label, score, scoresAre = "auto", background, json, file;
  bool wide = false;
};

Arguments parse(int argc, char** argv) {
  Arguments a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--gamma") {
      a.params.gamma = numberArgument("--gamma", value());
    } else if (arg == "--alpha") {
      a.params.alpha = numberArgument("--alpha", value());
    } else if (arg == "--easy") {
      a.params.easyThreshold = numberArgument("--easy", value());
    } else if (arg == "--label") {
      a.label = value();
    } else if (arg == "--score") {
      a.score = value();
    } else if (arg == "--scores") {
      a.scoresAre = value();
      if (a.scoresAre != "logits" && a.scoresAre != "probabilities")
        usage("--scores must be logits or probabilities, got \"" + a.scoresAre + "\"");
    } else if (arg == "--wide") {
      a.wide = true;
    } else if (arg == "--background") {
      a.background = value();
      a.wide = true;
    } else if (arg == "--json") {
      a.json = value();
    } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      usage("unknown option " + arg);
    } else if (a.file.empty()) {
      a.file = arg;
    } else {
      usage("one FILE only, got \"" + a.file + "\" and \"" + arg + "\"");
    }
  }
  if (a.file.empty()) usage("no FILE given");
  focal::validateDataReportParams(a.params);
  return a;
}

std::string percent(double share) {
  char b[32];
  std::snprintf(b, sizeof b, "%7.2f%%", 100.0 * share);
  return b;
}

void printShares(const char* name, const focal::DataLossShares& s) {
  std::printf("  %-9s %s %s %s   %s %s %s\n", name, percent(s.loss.easyNegatives).c_str(), percent(s.loss.hardNegatives).c_str(),
              percent(s.loss.positives).c_str(), percent(s.gradient.easyNegatives).c_str(),
              percent(s.gradient.hardNegatives).c_str(), percent(s.gradient.positives).c_str());
}

std::string whyScores(const focal::DataReport& r) {
  switch (r.scoresAreSource) {
    case focal::ScoresAreSource::Option: return "as --scores says";
    case focal::ScoresAreSource::Name: return "the column's name says logit";
    case focal::ScoresAreSource::Values: return "a value lies outside [0, 1]";
    case focal::ScoresAreSource::Default: break;
  }
  return "every value lies in [0, 1]; --scores logits to override";
}

void print(const std::string& file, const focal::DataReportParams& p, const focal::DataReport& r) {
  std::printf("%s\n", file.c_str());
  std::printf("  rows %.0f, decisions %.0f, positives %.0f (%.4g%%), clamped %.0f, skipped %.0f\n", r.rows, r.decisions,
              r.positives, 100.0 * r.pi, r.clamped, r.skippedCount);
  std::printf("  scores read as %s (%s)\n", focal::scoresAreName(r.scoresAre), whyScores(r).c_str());
  const std::size_t shown = r.skipped.size() < 5 ? r.skipped.size() : 5;
  for (std::size_t i = 0; i < shown; ++i) std::printf("  skipped line %.0f: %s\n", r.skipped[i].line, r.skipped[i].reason.c_str());
  if (r.skippedCount > static_cast<double>(shown)) std::printf("  ... and %.0f more skipped\n", r.skippedCount - static_cast<double>(shown));

  std::printf("\nShares (gamma %g, alpha %g; easy negatives: p_t >= %g)\n", p.gamma, p.alpha, p.easyThreshold);
  std::printf("  %-9s %-26s   %s\n", "", "loss", "gradient |dL/dx|");
  std::printf("  %-9s %8s %8s %8s   %8s %8s %8s\n", "", "easy neg", "hard neg", "pos", "easy neg", "hard neg", "pos");
  printShares("CE", r.crossEntropy);
  printShares("alpha-CE", r.alphaCrossEntropy);
  printShares("FL", r.focal);

  std::printf("\nGamma sweep (FL, alpha %g)\n  gamma  easy-negative share  fraction carrying 90%% of the loss\n", p.alpha);
  for (const focal::GammaSweepPoint& s : r.gammaSweep)
    std::printf("  %5g  %19s  %s\n", s.gamma, percent(s.easyNegativeShare).c_str(), percent(s.fractionFor90).c_str());

  std::printf("\nCalibration: ECE %.4f over %zu bins of p\n", r.calibration.ece, r.calibration.bins.size());
  if (r.hasBias) std::printf("Prior: pi %.6g, bias -log((1 - pi) / pi) = %.4f\n", r.pi, r.bias);
  else std::printf("Prior: pi %.6g (no finite bias: one class only)\n", r.pi);
}

int run(const Arguments& a) {
  FILE* in = a.file == "-" ? stdin : std::fopen(a.file.c_str(), "rb");
  if (!in) throw std::invalid_argument("Cannot open " + a.file + ": " + std::strerror(errno) + ".");
  std::vector<char> block(kBlockBytes);
  std::size_t n = std::fread(block.data(), 1, block.size(), in);
  const focal::DataHeader header = focal::inspectHeader(block.data(), n);

  focal::DataReaderOptions o;
  o.format = header.format;
  o.scoresAre = a.scoresAre;
  if (header.format == "csv" || header.format == "tsv") {
    // Wide when asked, or when the header has a class column and per-class score columns but no
    // single score column.
    o.wide = a.wide || (a.score.empty() && header.score < 0 && header.wide);
    o.label = a.label;
    o.score = o.wide ? "" : a.score;
    o.background = a.background;
  } else if (!a.label.empty() || !a.score.empty() || a.wide) {
    throw std::invalid_argument("--label, --score, --wide and --background apply to CSV and TSV files only.");
  }
  focal::DataReader reader(o);
  while (n > 0) {
    reader.push(block.data(), n);
    n = std::fread(block.data(), 1, block.size(), in);
  }
  const bool readError = std::ferror(in);
  if (in != stdin) std::fclose(in);
  if (readError) throw std::invalid_argument("Reading " + a.file + " failed.");

  focal::DataReporter reporter(reader.finish());
  const focal::DataReport& report = reporter.report(a.params);
  print(a.file == "-" ? "(standard input)" : a.file, a.params, report);
  if (!a.json.empty()) {
    const std::string text = focal::dataDocumentJson(reporter.summary(), a.params, report);
    FILE* out = std::fopen(a.json.c_str(), "wb");
    if (!out || std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fclose(out) != 0)
      throw std::invalid_argument("Cannot write " + a.json + ".");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "focal-inspect: %s\n", e.what());
    // The core's sentences say "choose"; here that is done with flags.
    if (std::strstr(e.what(), "choose") != nullptr)
      std::fprintf(stderr, "  name the columns with --label NAME and --score NAME (or --wide for per-class score columns)\n");
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "focal-inspect: out of memory\n");
    return 1;
  }
}
