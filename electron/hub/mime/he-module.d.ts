// `he` (HTML entity decoding, a dependency of mailparser) ships no types; only the one
// function the hub uses is declared.
declare module 'he' {
  interface DecodeOptions {
    isAttributeValue?: boolean;
    strict?: boolean;
  }
  const he: {
    decode(html: string, options?: DecodeOptions): string;
  };
  export default he;
}
