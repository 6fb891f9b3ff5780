export interface DemoCallbackOptions {
  emulatorUrl: string;
  backendUrl: string;
  clientId: string;
  /** Must be registered with Kakao and allowed by the backend; the demo serves it. */
  redirectUri: string;
  scopes: string;
}
export function startDemoCallback(options: DemoCallbackOptions): Promise<{ url: string; close(): void }>;
