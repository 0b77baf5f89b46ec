// TypeScript declarations for dist/focal_core.js, the Focal Loss Explorer core.
//
// Conventions: x is a logit; binary targets y are 0 or 1 (QFL and VFL take a soft target in
// [0, 1]); alpha < 0 means "no alpha weighting" (torchvision/fvcore). Every gradient is
// d loss / d x. Bad values throw RangeError, wrong types TypeError; both messages name the
// parameter and the value it got.

export type LossName =
  | 'crossEntropy'
  | 'alphaCrossEntropy'
  | 'focal'
  | 'focalStar'
  | 'qualityFocal'
  | 'varifocal'
  | 'asymmetric'
  | 'polyOne'
  | 'polyOneFocal'
  | 'flsd53';

export type Reduction = 'none' | 'sum' | 'mean' | 'positives';

/** Parameters of every loss; each loss reads the ones it uses. Missing keys take the defaults. */
export interface LossParams {
  /** alpha-CE, FL, Poly-1 focal, VFL. Default 0.25; negative: no weighting. */
  alpha: number;
  /** FL, FL*, Poly-1 focal, VFL. Default 2. */
  gamma: number;
  /** FL* shift. Default 1. */
  beta: number;
  /** QFL exponent. Default 2. */
  qualityBeta: number;
  /** Poly-1 epsilon, >= -1. Default 1. */
  epsilon: number;
  /** ASL positive focusing. Default 0. */
  gammaPos: number;
  /** ASL negative focusing. Default 4. */
  gammaNeg: number;
  /** ASL probability margin in [0, 1]. Default 0.05. */
  margin: number;
}

/** A numeric range: [min, max], either end open where marked; allowsOff: negative means "off". */
export interface NumberRange {
  min: number;
  max: number;
  minExclusive?: true;
  maxExclusive?: true;
  integer?: true;
  allowsOff?: true;
}

export interface LossParameterSpec extends NumberRange {
  name: keyof LossParams;
  defaultValue: number;
}

export interface LossSpec {
  name: LossName;
  /** The paper it comes from. */
  source: string;
  /** Targets in [0, 1] rather than 0 or 1. */
  softTargets: boolean;
  parameters: LossParameterSpec[];
}

/** One option of simulateAnchors or createTrainingRun, from the core's registry. */
export type OptionSpec =
  | ({ name: string; kind: 'number'; defaultValue: number } & NumberRange)
  | { name: string; kind: 'choice'; choices: string[]; defaultValue: string }
  | { name: string; kind: 'boolean'; defaultValue: boolean }
  | ({ name: string; kind: 'numberList'; minItems: number; maxItems: number; defaultValue: number[] } & NumberRange)
  | { name: string; kind: 'distribution'; mean: NumberRange; std: NumberRange; defaultValue: null };

export interface LossGrad {
  loss: number;
  grad: number;
}

export type NumericArray = Float64Array | Float32Array | Uint8Array | Int32Array | number[];

export interface FocalCore {
  /** FL = -alpha_t (1 - p_t)^gamma log p_t. */
  sigmoidFocalLoss(x: number, y: number, alpha: number, gamma: number): number;
  /** d FL / d x. */
  sigmoidFocalLossGrad(x: number, y: number, alpha: number, gamma: number): number;
  /** FL* = -log(sigmoid(gamma x_t + beta)) / gamma, gamma > 0. */
  focalLossStar(x: number, y: number, gamma: number, beta: number): number;
  /** d FL* / d x. */
  focalLossStarGrad(x: number, y: number, gamma: number, beta: number): number;
  /** Softmax focal loss -alpha (1 - p_target)^gamma log p_target. */
  softmaxFocalLoss(logits: NumericArray, target: number, alpha: number, gamma: number): number;
  /** Gradient of the softmax focal loss with respect to every logit. */
  softmaxFocalLossGrad(logits: NumericArray, target: number, alpha: number, gamma: number): Float64Array;
  /**
   * FL and its gradient over arrays. outLoss / outGrad (same length as logits, or null) receive
   * per-element values. Returns the sum of the losses.
   */
  sigmoidFocalLossBatch(
    logits: NumericArray,
    targets: NumericArray,
    alpha: number,
    gamma: number,
    outLoss?: Float64Array | null,
    outGrad?: Float64Array | null,
  ): number;

  /** (1 - p_t)^gamma, the factor by which FL scales CE. */
  modulatingFactor(x: number, y: number, gamma: number): number;
  /** b = -log((1 - pi) / pi): the bias that starts every anchor at probability pi. */
  priorBias(pi: number): number;
  /** Effective number of samples (1 - beta^n) / (1 - beta). */
  effectiveNumber(count: number, beta: number): number;
  /** Class-balanced weights (1 - beta) / (1 - beta^n_c), normalised to sum to the class count. */
  classBalancedWeights(counts: NumericArray, beta: number): Float64Array;

  /**
   * Every loss of the core with its parameters' ranges and defaults, from the core's registry
   * (cpp/core/registry.cpp), in the order the compare panel lists them.
   */
  readonly losses: readonly LossSpec[];
  /** The names lossBatch and evaluateLoss accept. */
  readonly lossNames: readonly LossName[];
  /** The defaults that fill missing LossParams keys before the loss's own defaults (core.losses). */
  readonly defaultLossParams: Readonly<LossParams>;
  /** One loss at one point. */
  evaluateLoss(loss: LossName, params: Partial<LossParams> | null, x: number, y: number): LossGrad;
  /**
   * Any loss over arrays. outLoss gets per-element losses; outGrad the gradient of the reduced
   * loss. Returns the reduced loss ('none' returns the sum). 'positives' divides by
   * max(1, number of targets > 0), as RetinaNet does.
   */
  lossBatch(
    loss: LossName,
    params: Partial<LossParams> | null,
    logits: NumericArray,
    targets: NumericArray,
    outLoss?: Float64Array | null,
    outGrad?: Float64Array | null,
    reduction?: Reduction,
  ): number;
}

/** Loads the module. In Node no options are needed; in a browser the .wasm is fetched beside the .js. */
declare function createFocalCore(options?: Record<string, unknown>): Promise<FocalCore>;
export default createFocalCore;

// ================================================================================================
// Imbalance simulation and side-by-side training: cpp/bindings/simulation_api.js.
// This section only adds to FocalCore (interfaces merge); everything above is unchanged.
// ================================================================================================

/** The three anchor groups, in the order of every per-group array. */
export type AnchorGroup = 'easyNegatives' | 'hardNegatives' | 'positives';
export type PerGroup<T> = { [G in AnchorGroup]: T };

/** A logistic distribution of logits, by mean and standard deviation. */
export interface LogitDistribution {
  mean: number;
  std: number;
}

/** Options of simulateAnchors; every key is optional (see core.defaultAnchorOptions). */
export interface AnchorOptions {
  /** Anchors, whole number in [2, 2000000]. Default 100000. */
  count: number;
  /** positives / anchors in (0, 0.5]. Default 0.001 (1:1000). */
  foregroundFraction: number;
  /** hard negatives / negatives in [0, 1]. Default 0.01. */
  hardNegativeFraction: number;
  /** Whole number in [0, 2^53]. Default 1. */
  seed: number;
  /** In [0, 1]: easy negatives mean -2 - 5q, hard negatives 0.5 - 2.5q, positives -1 + 4q. Default 0.5. */
  detectorQuality: number;
  /** Override the quality mapping for one group, field by field. Means in [-1000, 1000], std in [0, 100]. */
  easyNegatives: Partial<LogitDistribution> | null;
  hardNegatives: Partial<LogitDistribution> | null;
  positives: Partial<LogitDistribution> | null;
  /** FL(gamma, alpha) and alpha-CE(alpha) are compared with CE. Defaults 2 and 0.25; alpha < 0: no weighting. */
  gamma: number;
  alpha: number;
  /** Gammas of the Figure 4 curves, 1 to 16 values >= 0. Default [0, 0.5, 1, 2]. */
  cdfGammas: ArrayLike<number>;
  /** Points per curve, whole number in [2, 10000]. Default 200. */
  cdfPoints: number;
  /** hardestShare = share of a group's loss carried by this fraction of its hardest samples. Default 0.2. */
  readoutFraction: number;
  /** Modulating-factor histogram: bins over log10 from histogramMinLog10 to 0. Defaults 40 and -8. */
  histogramBins: number;
  histogramMinLog10: number;
  /** Prior of the classifier-bias initialisation, in (0, 1). Default 0.01. */
  priorPi: number;
}

/** One loss over the population. Shares sum to 1; gradient columns use sum |dL/dx|. */
export interface LossBreakdown {
  total: number;
  sums: PerGroup<number>;
  shares: PerGroup<number>;
  gradientTotal: number;
  gradientSums: PerGroup<number>;
  gradientShares: PerGroup<number>;
}

/**
 * Figure 4 for one side. Samples ordered easiest first; point j is at fraction[j] of the samples
 * and curves[g][j] is their share of the side's FL(cdfGammas[g]) loss (0 at the start, 1 at the end).
 */
export interface LossCdf {
  count: number;
  fraction: Float64Array;
  curves: Float64Array[];
  hardestShare: number[];
}

/** The first iteration with every logit at `bias`. */
export interface InitialLoss {
  lossPerNegative: number;
  lossPerPositive: number;
  /** Summed over all anchors. */
  total: number;
  /** total / max(1, positives): RetinaNet's normalisation. */
  perPositive: number;
  backgroundShare: number;
  gradientBackgroundShare: number;
}

export interface InitialState {
  bias: number;
  crossEntropy: InitialLoss;
  alphaCrossEntropy: InitialLoss;
  focal: InitialLoss;
}

export interface AnchorReport {
  counts: PerGroup<number> & { negatives: number; total: number };
  /** The distributions used, after the quality mapping and any overrides. */
  distributions: PerGroup<LogitDistribution>;
  losses: { crossEntropy: LossBreakdown; alphaCrossEntropy: LossBreakdown; focal: LossBreakdown };
  cdf: { gammas: number[]; readoutFraction: number; positives: LossCdf; negatives: LossCdf };
  /** Counts of anchors per log10((1 - p_t)^gamma) bin; the last bin includes 0 (factor 1). */
  modulatingFactor: {
    gamma: number;
    bins: number;
    log10Edges: Float64Array;
    counts: PerGroup<Float64Array>;
    below: PerGroup<number>;
  };
  initialisation: { pi: number; zeroBias: InitialState; priorBias: InitialState; negativeLossRatio: number };
}

/** Options of createTrainingRun; every key is optional (see core.defaultTrainingOptions). */
export interface TrainingOptions {
  /** Default 'cluster'. */
  dataset: 'cluster' | 'ring' | 'moons';
  /** Points, whole number in [10, 100000]. Default 2000. */
  count: number;
  /** In [0.001, 0.5]. Default 0.05. */
  minorityFraction: number;
  /** Probability of flipping each training label, in [0, 0.5]. Default 0. */
  labelNoise: number;
  /** Draws the data, the shared initial weights and the minibatch order. Default 1. */
  seed: number;
  /** Default 'mlp'. */
  model: 'logistic' | 'mlp';
  /** MLP hidden units, whole number in [1, 64]. Default 12. */
  hidden: number;
  /** Default 'tanh'. */
  activation: 'tanh' | 'relu';
  /** Default 'adam'. */
  optimizer: 'sgd' | 'adam';
  /** In (0, 10]. Default 0.05. */
  learningRate: number;
  /** SGD momentum in [0, 1). Default 0. */
  momentum: number;
  /** Whole number; 0 or >= count: full batch. Default 0. */
  batchSize: number;
  /** The CE model: < 0 plain CE (default -1), else alpha-CE with this alpha. */
  crossEntropyAlpha: number;
  /** The FL model. Defaults 2 and 0.25. */
  gamma: number;
  alpha: number;
  /**
   * The FL model's gamma: 'fixed' (gamma above, the default) or 'flsd53' (Mukhoti et al. 2020:
   * 5 where p_t < 0.2, else 3, with the alpha above); 'flsd53' also trains the fixed-gamma FL
   * beside it as snapshot().models.fixedGammaFocal.
   */
  focalGamma: 'fixed' | 'flsd53';
  /** Output bias -log((1 - pi) / pi) instead of 0. Defaults true and 0.01. */
  priorInit: boolean;
  priorPi: number;
  /** Batch loss divided by the batch size, or by its positives (RetinaNet). Default 'mean'. */
  normalization: 'mean' | 'positives';
}

export interface SnapshotOptions {
  /** Probability at or above which a point is called minority. Default 0.5. */
  threshold: number;
  /** Decision grid side, whole number in [0, 512]; 0 for none. Default 64. */
  gridSize: number;
  /** PR curve thinned to at most this many points, in [2, 10000]. Default 100. */
  curvePoints: number;
  /**
   * Bins of each model's reliability diagram on a held-out sample (the data set's distribution
   * drawn with seed + 2^52 mod 2^53, never trained on), whole number in [0, 100]; 0 for none. Default 0.
   */
  calibrationBins: number;
}

export interface ConfusionMatrix {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

export interface PrecisionRecallCurve {
  recall: Float64Array;
  precision: Float64Array;
  threshold: Float64Array;
}

/** One bin of a reliability diagram; an empty bin has count 0 and both means 0. */
export interface CalibrationBin {
  count: number;
  meanProbability: number;
  positiveRate: number;
}

export interface Calibration {
  bins: CalibrationBin[];
  ece: number;
}

export interface ClassificationMetrics {
  confusion: ConfusionMatrix;
  /** Of the minority (label 1); 0 where the denominator is 0. */
  precision: number;
  recall: number;
  f1: number;
  /** scikit-learn's step-wise AP. */
  averagePrecision: number;
  prCurve: PrecisionRecallCurve;
}

export interface ModelSnapshot extends ClassificationMetrics {
  /** A logit overflowed; the model stopped updating at its last finite weights. */
  diverged: boolean;
  /** Its own objective over the whole training set (noisy labels). */
  loss: number;
  /** Mean CE over the training set, the same yardstick for both models. */
  crossEntropy: number;
  /** Probabilities, gridSize x gridSize, row 0 at bounds.maxY, column 0 at bounds.minX. */
  grid: Float64Array;
  /** Entry i is the mean training loss of steps i*historyStride+1 .. (i+1)*historyStride; at most 1024 entries. */
  lossHistory: Float64Array;
  historyStride: number;
  /** On the held-out sample, against its clean labels: no bins unless calibrationBins > 0; no bins and a NaN ece when a logit is not finite there (a diverged model). */
  calibration: Calibration;
}

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** Metrics are against the clean labels; losses against the (possibly noisy) training labels. */
export interface TrainingSnapshot {
  step: number;
  threshold: number;
  gridSize: number;
  bounds: Bounds;
  /** The clean minority fraction: the AP of a classifier with no skill. */
  noSkillAveragePrecision: number;
  /** fixedGammaFocal only with focalGamma 'flsd53': FL with the fixed gamma, trained beside it. */
  models: { crossEntropy: ModelSnapshot; focal: ModelSnapshot; fixedGammaFocal?: ModelSnapshot };
}

export interface TrainingDataset {
  count: number;
  minorityCount: number;
  /** (x, y) per point. */
  features: Float64Array;
  /** Training labels (noise applied), 0 or 1. */
  labels: Float64Array;
  cleanLabels: Float64Array;
  bounds: Bounds;
}

/** Two identical models, CE and FL, trained on the same data from the same weights. */
export interface TrainingRun {
  readonly options: Readonly<TrainingOptions>;
  readonly steps: number;
  /** Advances both models k steps (default 1, whole number <= 100000); returns the step count. */
  step(k?: number): number;
  /** Back to step 0 with the same data, weights and minibatch order. */
  reset(): void;
  snapshot(options?: Partial<SnapshotOptions>): TrainingSnapshot;
  dataset(): TrainingDataset;
  /** 'fixedGammaFocal' only with focalGamma 'flsd53'. */
  parameters(model: 'crossEntropy' | 'focal' | 'fixedGammaFocal'): Float64Array;
  /** Frees the C++ side; the run cannot be used afterwards. Call it when the page drops a run. */
  delete(): void;
  isDeleted(): boolean;
}

export interface FocalCore {
  readonly anchorGroups: readonly AnchorGroup[];
  /** Every option of simulateAnchors with its range and default (the core's registry). */
  readonly anchorOptions: readonly OptionSpec[];
  /** Every option of createTrainingRun with its range and default (the core's registry). */
  readonly trainingOptions: readonly OptionSpec[];
  readonly defaultAnchorOptions: Readonly<AnchorOptions>;
  readonly defaultTrainingOptions: Readonly<TrainingOptions>;
  readonly trainingModels: readonly ['crossEntropy', 'focal'];
  /**
   * One image's anchors under CE, alpha-CE and FL. Calls with the same count, fractions and seed
   * reuse the sampled population, so moving gamma, alpha or the distributions is cheaper.
   */
  simulateAnchors(options?: Partial<AnchorOptions>): AnchorReport;
  /** The sampled logits per group, ascending. */
  sampleAnchorLogits(options?: Partial<AnchorOptions>): PerGroup<Float64Array>;
  /** The detectorQuality mapping (quality in [0, 1]). */
  anchorDistributions(detectorQuality: number): PerGroup<LogitDistribution>;
  createTrainingRun(options?: Partial<TrainingOptions>): TrainingRun;
  /** Metrics of the label-1 class; scores >= threshold count as predicted 1. */
  classificationMetrics(
    scores: NumericArray,
    labels: NumericArray,
    options?: Partial<{ threshold: number; curvePoints: number }>,
  ): ClassificationMetrics;
  /**
   * Reliability diagram of predicted probabilities of the label-1 class: `bins` equal-width bins
   * (default 15; bin b holds [b/bins, (b+1)/bins), the last also p = 1), and the expected
   * calibration error, the sum over bins of (count / N) |positiveRate - meanProbability|.
   */
  calibration(probabilities: NumericArray, labels: NumericArray, options?: Partial<{ bins: number }>): Calibration;
}

// ================================================================================================
// Your model: data reports (cpp/bindings/data_api.js, cpp/core/data_*.hpp). core.data reads a
// user's scores (CSV/TSV, .npy, or a focal-inspect --json file) in chunks into a fixed-size
// summary, and recomputes the report from it for any gamma, alpha and easy threshold.
// Every message is one sentence; a file bad as a whole throws RangeError, a bad row is skipped
// and listed. Field meanings: docs/api.md, "Your model: data reports".
// This section only adds to FocalCore (interfaces merge); everything above is unchanged.
// ================================================================================================

export type DataFormat = 'csv' | 'tsv' | 'npy' | 'json';
export type ScoresAre = 'logits' | 'probabilities';

/** What the first bytes of a file say. Throws RangeError (empty, no header, unknown delimiter, bad .npy header). */
export interface DataHeader {
  format: DataFormat;
  /** ',' | '\t' | ';' for csv/tsv; null for npy and json. */
  delimiter: string | null;
  /** Column names as written (trimmed, quotes removed); npy: ['target', 'score']; json: []. */
  columns: string[];
  /** The label / score column when exactly one candidate exists, else null. */
  label: string | null;
  score: string | null;
  /** Columns whose name marks them as a label (label, target, y, gt, ...) or a score (logit, score, prob, ...). */
  labelCandidates: string[];
  scoreCandidates: string[];
  /** More than one label or score candidate: the user picks. */
  ambiguous: boolean;
  /** Looks multi-class "wide": a class column plus K >= 2 score columns. */
  wide: null | { classColumn: string; scoreColumns: string[] };
  /** The (long) score column's name, or every wide score column's, contains "logit". */
  scoresAreLogitsByName: boolean;
  /** npy only: the element type and the number of rows the header declares. */
  npy?: { dtype: 'float32' | 'float64'; rows: number };
}

/** null or undefined: not given. */
export interface DataReaderOptions {
  /** Default 'csv' (the delimiter is read from the header: comma, tab or semicolon). */
  format: DataFormat;
  /** Long: the label column; wide: the class column (pass header.wide.classColumn). Default: the header's only candidate. */
  label: string | null;
  /** Long only: the score column. Default: the header's only candidate. */
  score: string | null;
  /**
   * 'auto' (default): logits when the score column's name contains "logit" or any value lies
   * outside [0, 1], else probabilities (decided without a second pass: docs/api.md).
   */
  scoresAre: 'auto' | ScoresAre;
  /** Multi-class wide table: every score column is one sigmoid, the class column says which is positive. */
  wide: boolean;
  /** Wide only: the score columns; default the header's wide.scoreColumns. */
  scoreColumns: string[];
  /** Wide only: a class value meaning "no class is positive" (besides -1). */
  background: string | null;
  /** Refuse the file beyond this many decisions (rows x score columns). Default 10_000_000. */
  maxDecisions: number;
}

export interface DataReader {
  /** Feeds the next bytes; chunks may split anywhere. Throws RangeError when the file is bad as a whole. */
  push(chunk: Uint8Array): void;
  /** Ends the input; throws RangeError when nothing usable was read. The reader is spent afterwards. */
  finish(): DataSummary;
  /** Frees the C++ side (call it after finish(), or to cancel); a second delete() does nothing. */
  delete(): void;
  isDeleted(): boolean;
}

export interface DataReportParams {
  /** FL's gamma, finite >= 0 (the page offers [0, 10]). Default 2. */
  gamma: number;
  /** In [0, 1], or negative for no weighting. Default 0.25. */
  alpha: number;
  /** A negative with p_t >= easyThreshold is easy; in [0.5, 0.999]. Default 0.9. */
  easyThreshold: number;
}

export interface DataShares {
  easyNegatives: number;
  hardNegatives: number;
  positives: number;
}

export interface SkippedRow {
  /** 1-based line where the row starts (npy: 1-based row number). */
  line: number;
  reason: string;
}

export interface DataReport {
  /** Data rows used (skipped rows excluded). */
  rows: number;
  /** Binary decisions: rows for a long table, rows x K for a wide one. */
  decisions: number;
  positives: number;
  /** Probabilities of exactly 0 or 1 clamped to 1e-7 / 1 - 1e-7 (docs/numerics.md). */
  clamped: number;
  skippedCount: number;
  /** The first 100 skipped rows. */
  skipped: SkippedRow[];
  easyThreshold: number;
  /** The logit boundary applied: negatives with x < easyLogit are easy (-logit(easyThreshold) on the summary's grid). */
  easyLogit: number;
  scoresAre: ScoresAre;
  /** Why: 'option' (the caller said so), 'name' (a "logit" column), 'values' (a value outside [0, 1]), 'default'. */
  scoresAreSource: 'option' | 'name' | 'values' | 'default';
  /** Fractions summing to 1 (all 0 when the total is 0). gradient: sums of |dL/dx|. */
  shares: {
    crossEntropy: { loss: DataShares; gradient: DataShares };
    alphaCrossEntropy: { loss: DataShares; gradient: DataShares };
    focal: { loss: DataShares; gradient: DataShares };
  };
  /** gamma 0, 0.5, 1, 2, 3, 5 under FL(gamma, alpha): easy negatives' share of the loss, and the smallest fraction of decisions carrying 90% of it. */
  gammaSweep: { gamma: number; easyNegativeShare: number; fractionFor90: number }[];
  /**
   * Figure 4 for this data: decisions ordered easiest first, positives[g][j] is the share of the
   * positives' FL(gammas[g]) loss carried by the easiest fractions[j] of them (0 at 0, 1 at 1).
   * fractions: 101 points 0, 0.01, ..., 1. A side with no decisions has empty curves ([] per gamma).
   */
  cdf: { gammas: number[]; fractions: number[]; positives: number[][]; negatives: number[][] };
  /** 15 equal-width bins of p (of the positive class); empty bins have count 0 and both means 0. */
  calibration: { bins: { count: number; meanProbability: number; positiveRate: number }[]; ece: number };
  /** pi = positives / decisions; bias = -log((1 - pi) / pi), null when pi is 0 or 1. */
  prior: { pi: number; bias: number | null };
}

export interface DataSummary {
  /** Throws RangeError naming a bad parameter. Fast: a pass over the summary, never the rows. */
  report(params?: Partial<DataReportParams>): DataReport;
  /** The focal-inspect --json document: {format: 'focal-inspect', version: 1, report, summary}. */
  toJson(params?: Partial<DataReportParams>): string;
  /** Frees the C++ side (about 3 MB); a second delete() does nothing. */
  delete(): void;
  isDeleted(): boolean;
}

export interface FocalDataApi {
  /** Inspects the first bytes (at least the whole first line; 64 KiB is plenty). */
  inspectHeader(bytes: Uint8Array): DataHeader;
  createReader(options?: Partial<DataReaderOptions>): DataReader;
  /** Rebuilds a summary from a focal-inspect --json document; RangeError when it is malformed. */
  summaryFromJson(text: string): DataSummary;
  readonly defaultReportParams: Readonly<DataReportParams>;
  readonly defaultReaderOptions: Readonly<Omit<DataReaderOptions, 'label' | 'score' | 'scoreColumns' | 'background'>>;
  /** The gammas of gammaSweep and of cdf. */
  readonly sweepGammas: readonly number[];
  readonly cdfGammas: readonly number[];
}

export interface FocalCore {
  readonly data: FocalDataApi;
}

// ================================================================================================
// Repeat over seeds (cpp/bindings/seed_repeat_api.js, cpp/core/seed_repeat.hpp): the side-by-side
// training on many seeds, as percentile bands and convergence and stability figures. Seed i
// trains with trainingOptions.seed + i (new data, new initial weights). docs/api.md, "Repeat over
// seeds", defines every field. This section only adds to FocalCore (interfaces merge).
// ================================================================================================

export interface RepeatOptions {
  /** Whole number in [1, 1000]. Default 20. */
  seeds: number;
  /** Training steps per seed, whole number in [1, 100000]. Default 2000. */
  steps: number;
  /** Checkpoints spread evenly over the steps (step 0 too), whole number in [1, 1000]. Default 100. */
  checkpoints: number;
  /** For recall, in [0, 1]. Default 0.5. */
  threshold: number;
}

/** 10th, 50th and 90th percentiles over the seeds with a finite value; null where none has. */
export interface Percentiles<T> {
  p10: T;
  p50: T;
  p90: T;
}

export interface SeedModelBands {
  /** Per checkpoint step: the model's own loss over the training set, AP and recall at the threshold. */
  loss: Percentiles<(number | null)[]>;
  ap: Percentiles<(number | null)[]>;
  recall: Percentiles<(number | null)[]>;
  /** Per seed, the first checkpoint step from which AP stays >= 90% of its final AP (null: never). */
  stepsTo90: Percentiles<number | null> & { perSeed: (number | null)[]; never: number };
  /** Per seed, the AP at the last step (null where not finite). */
  finalAp: Percentiles<number | null> & { perSeed: (number | null)[] };
  /** Seed values: a non-finite loss or gradient, or AP below no skill after the warm-up. */
  diverged: { count: number; seeds: number[]; nonFinite: number[]; belowNoSkill: number[] };
}

export interface SeedBands {
  /** The seed values, in order. */
  seeds: number[];
  /** The checkpoint steps, 0 first. */
  steps: number[];
  noSkillAveragePrecision: number;
  /** The first quarter of the steps. */
  warmupSteps: number;
  models: { crossEntropy: SeedModelBands; focal: SeedModelBands };
  /** Final AP seed by seed, where both are finite; difference is focal - crossEntropy. */
  comparison: {
    seeds: number;
    focalHigher: number;
    crossEntropyHigher: number;
    ties: number;
    difference: Percentiles<number | null>;
    /** The 10-90% range of the difference includes 0. */
    withinSpread: boolean;
  };
}

/** The raw curves of seeds [first, last): seed-major rows of steps.length values per model. */
export interface SeedCurves {
  first: number;
  last: number;
  seeds: Float64Array;
  steps: Float64Array;
  noSkillAveragePrecision: number;
  models: Record<'crossEntropy' | 'focal', { loss: Float64Array; ap: Float64Array; recall: Float64Array; nonFiniteStep: Float64Array }>;
}

export interface SeedRepeat {
  /** Trains at most budget more steps (default: all); true once every seed of the range is done. */
  advance(budget?: number): boolean;
  readonly progress: { done: number; total: number };
  curves(): SeedCurves;
  delete(): void;
}

export interface FocalCore {
  readonly defaultRepeatOptions: Readonly<RepeatOptions>;
  /** Every seed in this thread, combined. */
  repeatOverSeeds(trainingOptions?: Partial<TrainingOptions>, options?: Partial<RepeatOptions>): SeedBands;
  /** Seeds [first, last) of the repeat (default all), in slices of work. */
  createSeedRepeat(trainingOptions?: Partial<TrainingOptions>, options?: Partial<RepeatOptions>,
                   range?: { first?: number; last?: number }): SeedRepeat;
  /** The curves of consecutive ranges, in order, combined into bands. */
  combineSeedRepeats(parts: SeedCurves[]): SeedBands;
}

// ---- Three classes (multiclass_api.js) --------------------------------------------------------

/** Options of createMulticlassRun; every key is optional (see core.defaultMulticlassOptions). */
export interface MulticlassOptions {
  /** The shapes of TrainingOptions with a second common class; class 2 is the rare one. Default 'cluster'. */
  dataset: 'cluster' | 'ring' | 'moons';
  /** Points, whole number in [10, 100000]. Default 2000. */
  count: number;
  /** The rare class's share, in [0.001, 0.5]; classes 0 and 1 share the rest. Default 0.05. */
  minorityFraction: number;
  /** Probability of moving each training label to one of the other two classes, in [0, 0.5]. Default 0. */
  labelNoise: number;
  /** Draws the data, the shared initial weights and the minibatch order. Default 1. */
  seed: number;
  model: 'logistic' | 'mlp';
  hidden: number;
  activation: 'tanh' | 'relu';
  optimizer: 'sgd' | 'adam';
  learningRate: number;
  momentum: number;
  batchSize: number;
  /** The FL model's gamma. Default 2. */
  gamma: number;
  /** One weight per class, each in [0, 1]. Default [0.25, 0.25, 0.5]. */
  alphas: number[];
  /** The CE model weighted by alphas[c] of each sample's class (alpha-CE). Default false. */
  crossEntropyAlphas: boolean;
  /**
   * The FL model: 'softmax', -alpha_c (1 - p_c)^gamma log p_c (the default), or 'sigmoid',
   * RetinaNet's one sigmoid per class with one-hot targets and FL(gamma, alphas[k]) each.
   */
  lossForm: 'softmax' | 'sigmoid';
  /** Every output bias -log((1 - pi) / pi); only a sigmoid model notices. Defaults true and 0.01. */
  priorInit: boolean;
  priorPi: number;
}

/** Per-class metrics: confusion[t][p] counts class t predicted p; the rest one value per class. */
export interface MulticlassMetrics {
  confusion: number[][];
  precision: number[];
  recall: number[];
  /** One-vs-rest, from the class's probability. */
  averagePrecision: number[];
  accuracy: number;
}

export interface MulticlassModelSnapshot extends MulticlassMetrics {
  diverged: boolean;
  /** Its own objective over the training set (noisy labels). */
  loss: number;
  /** Predicted class per grid cell, row 0 at the top. */
  gridClass: Uint8Array;
  /** The probability the model gives that class (0 where a logit is not finite). */
  gridProbability: Float64Array;
  lossHistory: Float64Array;
  historyStride: number;
}

export interface MulticlassSnapshot {
  step: number;
  gridSize: number;
  bounds: Bounds;
  /** Clean labels per class. */
  classCounts: number[];
  models: { crossEntropy: MulticlassModelSnapshot; focal: MulticlassModelSnapshot };
}

export interface MulticlassRun {
  readonly options: Readonly<MulticlassOptions>;
  readonly steps: number;
  step(k?: number): number;
  reset(): void;
  /** gridSize: whole number in [0, 512], default 64. */
  snapshot(options?: Partial<{ gridSize: number }>): MulticlassSnapshot;
  /** As TrainingDataset, labels 0, 1 or 2, and classes: 3. */
  dataset(): TrainingDataset & { classes: number };
  parameters(model: 'crossEntropy' | 'focal'): Float64Array;
  delete(): void;
  isDeleted(): boolean;
}

/**
 * Softmax FL of one true class over the probability simplex, cut into resolution^2 triangles
 * evaluated at their centroids: upward cells first, then downward ones (multiclass.hpp).
 */
export interface SimplexGrid {
  resolution: number;
  cells: number;
  upward: Uint8Array;
  /** 3 per cell: the centroid (p1, p2, p3). */
  probabilities: Float64Array;
  loss: Float64Array;
  /** 3 per cell: d loss / d z at z = log p. */
  gradient: Float64Array;
  /** 3 per cell: dp = -J gradient, where one gradient step on the logits moves p. */
  flow: Float64Array;
}

export interface FocalCore {
  readonly multiclassOptions: readonly OptionSpec[];
  readonly defaultMulticlassOptions: Readonly<MulticlassOptions>;
  readonly multiclassModels: readonly ['crossEntropy', 'focal'];
  createMulticlassRun(options?: Partial<MulticlassOptions>): MulticlassRun;
  /** resolution in [1, 256] (default 32), gamma >= 0, alpha <= 1 (negative: none), target 0, 1 or 2 (default 2). */
  simplexGrid(options?: Partial<{ resolution: number; gamma: number; alpha: number; target: number }>): SimplexGrid;
  /** probabilities: 3 scores per label (row-major); labels 0, 1 or 2, every class present. */
  multiclassMetrics(probabilities: NumericArray, labels: NumericArray): MulticlassMetrics;
  /** RetinaNet's form: sum over classes k of FL(gamma, alphas[k]) of sigmoid(logits[k]) against the one-hot target. */
  oneHotSigmoidFocalLoss(logits: NumericArray, target: number, alphas: NumericArray, gamma: number): number;
  oneHotSigmoidFocalLossGrad(logits: NumericArray, target: number, alphas: NumericArray, gamma: number): Float64Array;
}
