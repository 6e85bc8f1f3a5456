// A test extension that crashes shortly after every start.
export function activate(api) {
  api.log.info('starting, crashing soon')
  setTimeout(() => {
    throw new Error('crash loop')
  }, 50)
}
