/**
 * The shapes of IPC handlers. A feature's factory returns `ChannelHandlers` (arguments still `unknown`, no sender:
 * the sender is checked once, for every channel, where the map is composed: main/ipc/desktop-handlers.ts).
 */
import type { InvokeChannel, InvokeChannels } from '@kakao-desktop/contract';
import type { IpcSender } from './trusted-sender';

export type ChannelHandlers<C extends InvokeChannel = InvokeChannel> = {
  [K in C]: (...args: unknown[]) => Promise<ReturnType<InvokeChannels[K]>>;
};

/** The composed map a bridge registers: every contract channel, given the calling frame. */
export type IpcHandlers<C extends InvokeChannel = InvokeChannel> = {
  [K in C]: (sender: IpcSender, ...args: unknown[]) => Promise<ReturnType<InvokeChannels[K]>>;
};
