import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { errorFor, fieldKeyFor, messageWithoutField } from './fieldErrors'

const keys = [
  'name',
  'checks[0].name',
  'checks[0].intervalS',
  'checks[0].config',
  'checks[0].config.url',
  'checks[0].config.acceptedStatus',
  'checks[1].config.url'
]

describe('fieldKeyFor', () => {
  it('finds the input the error names, preferring the most specific key', () => {
    expect(fieldKeyFor(new AppError('VALIDATION', 'x', 'checks[0].config.url'), keys)).toBe('checks[0].config.url')
    expect(fieldKeyFor(new AppError('VALIDATION', 'x', 'checks[0].config.acceptedStatus[1]'), keys)).toBe('checks[0].config.acceptedStatus')
    expect(fieldKeyFor(new AppError('VALIDATION', 'x', 'checks[0].config.kind'), keys)).toBe('checks[0].config')
    expect(fieldKeyFor(new AppError('VALIDATION', 'x', 'checks[10].name'), keys)).toBeNull()
  })
  it('returns null for errors without a field', () => {
    expect(fieldKeyFor(new AppError('CONFLICT', 'taken'), keys)).toBeNull()
    expect(fieldKeyFor(new Error('boom'), keys)).toBeNull()
  })
})

describe('messageWithoutField', () => {
  it('drops the field path and the repeated field name', () => {
    expect(
      messageWithoutField(new AppError('VALIDATION', 'checks[0].config.url: url: must be an http(s) URL', 'checks[0].config.url'))
    ).toBe('must be an http(s) URL')
    expect(messageWithoutField(new AppError('VALIDATION', 'checks[0].intervalS: must be at least 5 seconds', 'checks[0].intervalS'))).toBe(
      'must be at least 5 seconds'
    )
    expect(messageWithoutField(new AppError('CONFLICT', 'a service named x exists'))).toBe('a service named x exists')
  })
  it('gives each input only its own message', () => {
    const err = new AppError('VALIDATION', 'name: must not be empty', 'name')
    expect(errorFor(err, 'name', keys)).toBe('must not be empty')
    expect(errorFor(err, 'checks[0].name', keys)).toBeUndefined()
  })
})
