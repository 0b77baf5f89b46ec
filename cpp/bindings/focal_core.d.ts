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

  /** The names lossBatch and evaluateLoss accept. */
  readonly lossNames: readonly LossName[];
  /** The defaults that fill missing LossParams keys. */
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
