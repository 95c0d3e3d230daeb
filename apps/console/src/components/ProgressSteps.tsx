import { ConfigProvider, Steps, type StepsProps } from 'antd';

/**
 * antd Steps for the progress of a procedure. The console's primary colour is red, which on a step
 * reads as "error"; progress is drawn in blue (as in the server's flowchart), errors stay red.
 */
export default function ProgressSteps(props: StepsProps) {
  return (
    <ConfigProvider theme={{ token: { colorPrimary: '#1677ff' } }}>
      <Steps {...props} />
    </ConfigProvider>
  );
}
