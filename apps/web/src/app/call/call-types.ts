/** Someone at the door of our room, for its host to admit or deny. */
export interface Knock {
  requestId: string;
  displayName: string;
  guest: boolean;
}

export interface JoinOptions {
  password?: string;
  /** Join without camera and microphone (e.g. after access was denied). */
  receiveOnly?: boolean;
}
