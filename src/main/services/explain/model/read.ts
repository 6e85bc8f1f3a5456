/** Reads a tree model from a file or text: XGBoost save_model JSON or LightGBM dump_model JSON, told apart by shape. */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { isObject, parseModelJson } from './json'
import { readLightgbm } from './lightgbm'
import { ModelFormatError, type TreeModel } from './types'
import { readXgboost } from './xgboost'

export function readModelText(text: string): TreeModel {
  const head = text.slice(0, 64).trimStart()
  if (head.startsWith('tree\n') || head.startsWith('tree\r\n') || /^version=v\d/m.test(text.slice(0, 200)))
    throw new ModelFormatError('this is a LightGBM text model (save_model): export it with booster.dump_model() and save that JSON')
  if (!head.startsWith('{')) {
    if (head.startsWith('binf') || text.charCodeAt(0) === 0)
      throw new ModelFormatError('this is a binary XGBoost model: save it with booster.save_model("model.json")')
    throw new ModelFormatError('not a JSON model (expected XGBoost save_model JSON or LightGBM dump_model JSON)')
  }
  let doc: unknown
  try {
    doc = parseModelJson(text)
  } catch (err) {
    throw new ModelFormatError(`the model file is not valid JSON: ${(err as Error).message}`)
  }
  if (!isObject(doc)) throw new ModelFormatError('the model JSON is not an object')
  if ('learner' in doc) return readXgboost(doc)
  if ('tree_info' in doc) return readLightgbm(doc)
  if ('trees' in doc && 'tree_info' in doc === false && 'gbtree_model_param' in doc)
    throw new ModelFormatError('this is only the booster part of an XGBoost model: save the whole model with save_model("model.json")')
  throw new ModelFormatError(
    'not a tree model this console reads: an XGBoost save_model JSON has "learner.gradient_booster", a LightGBM dump_model JSON has "tree_info"'
  )
}

export interface ModelFile {
  model: TreeModel
  path: string
  sha256: string
  bytes: number
}

/**
 * A model file, or a folder holding one (an MLflow model folder: MLmodel names the data file; else the one .json
 * file that reads as a model).
 */
export function readModelFile(p: string): ModelFile {
  let file = p
  const st = fs.statSync(p)
  if (st.isDirectory()) file = modelInFolder(p)
  const buf = fs.readFileSync(file)
  return {
    model: readModelText(buf.toString('utf8')),
    path: file,
    sha256: createHash('sha256').update(buf).digest('hex'),
    bytes: buf.length
  }
}

function modelInFolder(dir: string): string {
  const mlmodel = path.join(dir, 'MLmodel')
  if (fs.existsSync(mlmodel)) {
    const m = /^\s*(?:data|model_data):\s*(\S+)\s*$/m.exec(fs.readFileSync(mlmodel, 'utf8'))
    if (m && fs.existsSync(path.join(dir, m[1]!)) && fs.statSync(path.join(dir, m[1]!)).isFile()) return path.join(dir, m[1]!)
  }
  const candidates = fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.json'))
  const readable = candidates.filter((f) => {
    try {
      readModelText(fs.readFileSync(path.join(dir, f), 'utf8'))
      return true
    } catch {
      return false
    }
  })
  if (readable.length === 1) return path.join(dir, readable[0]!)
  if (readable.length > 1) throw new ModelFormatError(`${dir} holds ${readable.length} model files (${readable.join(', ')}): pick one`)
  throw new ModelFormatError(
    `${dir} holds no XGBoost or LightGBM JSON model${candidates.length ? ` (${candidates.join(', ')} are not models)` : ''}`
  )
}
