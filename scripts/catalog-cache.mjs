// Stores the parsed built-in catalog next to dist/catalog/builtin.js (see src/catalog/builtin.ts).
import { writeCatalogCache } from '../dist/catalog/builtin.js';

writeCatalogCache();
