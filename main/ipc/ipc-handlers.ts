/** The shape every IPC handler factory returns: one handler per contract channel, arguments still `unknown`. */
import type { InvokeChannel, InvokeChannels } from '@kakao-desktop/contract';
import type { IpcSender } from './trusted-sender';

export type IpcHandlers<C extends InvokeChannel = InvokeChannel> = {
  [K in C]: (sender: IpcSender, ...args: unknown[]) => Promise<ReturnType<InvokeChannels[K]>>;
};
