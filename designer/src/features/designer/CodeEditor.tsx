import CodeMirror from '@uiw/react-codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { liquid } from '@codemirror/lang-liquid';

export type CodeLanguage = 'JavaScript' | 'Liquid';

export interface CodeEditorProps {
  value: string;
  language: CodeLanguage;
  onChange: (text: string) => void;
  minHeight?: string;
  maxHeight?: string;
  testId?: string;
}

/** CodeMirror for an expression or a JSON value. Loaded on first use (see LazyCodeEditor): opening the designer does not wait for it. */
export default function CodeEditor({ value, language, onChange, minHeight = '60px', maxHeight = '240px', testId }: CodeEditorProps) {
  return (
    <CodeMirror
      value={value}
      height="auto"
      minHeight={minHeight}
      maxHeight={maxHeight}
      basicSetup={{ lineNumbers: false, foldGutter: false }}
      extensions={[language === 'Liquid' ? liquid() : javascript({ jsx: false })]}
      onChange={onChange}
      className="code-input"
      data-testid={testId}
    />
  );
}
