/** Which way is better for a metric, guessed from its name; the user can override it per key. */

const LOWER =
  /(loss|error|err\b|_err|rmse|mse|mae|mape|smape|msle|logloss|perplexity|latency|duration|time_|_time|cost|brier|wer|cer|fpr|fnr|fallout|miss_rate|deviance|divergence|distance|inference_ms)/i
const HIGHER =
  /(acc|auc|f1|f_1|fbeta|precision|recall|r2|r_2|r_squared|score|\bap\b|average_precision|map|ndcg|iou|dice|bleu|rouge|kappa|mcc|specificity|sensitivity|tpr|tnr|explained_variance|throughput|coverage|hit_rate)/i

export function guessDirection(key: string): { higherIsBetter: boolean; source: 'name' | 'default' } {
  const name = key.split('/').pop() ?? key
  if (LOWER.test(name)) return { higherIsBetter: false, source: 'name' }
  if (HIGHER.test(name)) return { higherIsBetter: true, source: 'name' }
  return { higherIsBetter: true, source: 'default' }
}
