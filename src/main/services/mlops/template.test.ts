import { expect, it } from 'vitest'
import { JobParam } from '../../../shared/contract/mlops'
import { checkTemplate, render, resolveParams, splitWords } from './template'

const p = (x: Partial<JobParam> & { name: string }): JobParam => JobParam.parse(x)

it('splits words with quotes and keeps each parameter value one argument, never through a shell', () => {
  expect(splitWords(`python3 "my script.py" --name 'a b' "say \\"hi\\""`)).toEqual(['python3', 'my script.py', '--name', 'a b', 'say "hi"'])
  const argv = render('python3 train.py --lr {lr} --tag run-{run_id}', { lr: '0.1; rm -rf /', run_id: '7' }, false)
  expect(argv).toEqual(['python3', 'train.py', '--lr', '0.1; rm -rf /', '--tag', 'run-7'])
  // through a shell only when asked, and then quoted
  expect(render('echo {msg}', { msg: "it's $HOME" }, true)).toEqual([`echo 'it'\\''s $HOME'`])
  expect(() => splitWords('echo "open')).toThrow(/quote is not closed/)
})

it('refuses unknown placeholders, duplicate and reserved names, and bad values with the field named', () => {
  expect(() => checkTemplate('run {lr} {epochs}', [p({ name: 'lr' })])).toThrow(/unknown placeholder \{epochs\}/)
  expect(() => checkTemplate('run', [p({ name: 'lr' }), p({ name: 'lr' })])).toThrow(/defined twice/)
  expect(() => checkTemplate('run', [p({ name: 'output_dir' })])).toThrow(/filled in by the console/)
  expect(() => checkTemplate('run {output_dir}', [])).not.toThrow()
  const params = [
    p({ name: 'lr', type: 'number', default: '0.1' }),
    p({ name: 'opt', type: 'choice', choices: ['adam', 'sgd'], default: 'adam' }),
    p({ name: 'data', type: 'path' })
  ]
  expect(() => resolveParams(params, {})).toThrow('params.data: missing (the parameter has no default)')
  expect(() => resolveParams(params, { data: '/', lr: 'fast' })).toThrow('params.lr: “fast” is not a number')
  expect(() => resolveParams(params, { data: '/', opt: 'rmsprop' })).toThrow(/not one of adam, sgd/)
  expect(() => resolveParams(params, { data: '/no/such/file' })).toThrow(/does not exist/)
  expect(() => resolveParams(params, { data: '/', batch: '3' })).toThrow(/has no parameter “batch”/)
  expect(resolveParams(params, { data: '/' })).toEqual({ lr: '0.1', opt: 'adam', data: '/' })
})
