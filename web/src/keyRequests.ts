export interface KeyRequest {
  reason: string;
  answer: (key: string | null) => void;
}

/**
 * Questions for the admin key: asked by the API client (on a 401), answered by the dialog that listens.
 * Writes that are refused at the same time share one question.
 */
export class KeyRequests {
  private listener: ((request: KeyRequest | null) => void) | null = null;
  private pending: Promise<string | null> | null = null;

  ask = (reason: string): Promise<string | null> => {
    const listener = this.listener;
    if (!listener) return Promise.resolve(null);
    this.pending ??= new Promise((resolve) =>
      listener({
        reason,
        answer: (key) => {
          this.pending = null;
          listener(null);
          resolve(key);
        },
      }),
    );
    return this.pending;
  };

  listen(listener: (request: KeyRequest | null) => void): () => void {
    this.listener = listener;
    return () => {
      if (this.listener === listener) this.listener = null;
    };
  }
}
