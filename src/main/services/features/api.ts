/** What other areas may use of the feature store: the provisioned folder applies `*.features.yaml` files through it. */
import type { ConfigFiles } from '../../core/configFiles'

declare module '../../core/ports' {
  interface Ports {
    /** `*.features.yaml` files of the provisioned folder. */
    featuresFiles: ConfigFiles
  }
}
