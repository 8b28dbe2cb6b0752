/** The version of paws (package.json's; a test keeps them equal). */
export const PAWS_VERSION = '0.1.0';
