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
  models: { crossEntropy: ModelSnapshot; focal: ModelSnapshot };
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
  parameters(model: 'crossEntropy' | 'focal'): Float64Array;
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
