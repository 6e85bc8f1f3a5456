import { describe, expect, it } from 'vitest'
import { mentionedLines, splitImportErrors, yamlExcerpt } from './importErrors'

describe('mentionedLines', () => {
  it('reads line numbers from import error messages', () => {
    expect(mentionedLines('line 7: services[0].checks[0].config.url: must be an http(s) URL')).toEqual([7])
    expect(mentionedLines('Line 3, column 5: bad indentation; line 12: duplicate key')).toEqual([3, 12])
    expect(mentionedLines('lines 4-6 repeat a service')).toEqual([4, 5, 6])
    expect(mentionedLines('Nested mappings are not allowed at 9:3')).toEqual([9])
    expect(mentionedLines('no numbers here')).toEqual([])
  })
})

describe('yamlExcerpt', () => {
  const yaml = ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'e: 5', 'f: 6', 'g: 7', 'h: 8'].join('\n')
  it('shows context around each hit and marks gaps', () => {
    expect(yamlExcerpt(yaml, [1, 8], 1)).toEqual([
      { n: 1, text: 'a: 1', hit: true },
      { n: 2, text: 'b: 2', hit: false },
      { n: 0, text: '…', hit: false },
      { n: 7, text: 'g: 7', hit: false },
      { n: 8, text: 'h: 8', hit: true }
    ])
  })
  it('ignores lines past the end', () => {
    expect(yamlExcerpt(yaml, [99])).toEqual([])
  })
})

describe('splitImportErrors', () => {
  it('lists each problem of a multi-error message', () => {
    expect(
      splitImportErrors(
        'yaml: line 9: services[0].checks[0].url: must be an http(s) URL; line 11: services[0].checks[0].retires: unknown field'
      )
    ).toEqual(['line 9: services[0].checks[0].url: must be an http(s) URL', 'line 11: services[0].checks[0].retires: unknown field'])
    expect(splitImportErrors('yaml: line 1: a; b c; and 3 more')).toEqual(['line 1: a; b c', 'and 3 more'])
  })

  it('splits errors that name their file (a folder of YAML files)', () => {
    expect(splitImportErrors('path: a.yaml: line 4: x: bad; b_c.yml: line 1: y: worse; and 3 more')).toEqual([
      'a.yaml: line 4: x: bad',
      'b_c.yml: line 1: y: worse',
      'and 3 more'
    ])
  })
})
