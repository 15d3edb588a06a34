/** An RFC 9457 problem as the API writes it; `errors` comes with 400s. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
}

/** A failed API call: the HTTP status (0 when the API could not be reached) and the message to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads a failed response into an ApiError whose message is the problem's detail (else its title, else the status). */
export async function problemError(response: Response): Promise<ApiError> {
  const problem = await readProblem(response);
  const message =
    problem?.detail?.trim() ||
    problem?.title?.trim() ||
    `The API answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
  return new ApiError(response.status, message, problem);
}

async function readProblem(response: Response): Promise<Problem | null> {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return null;
  try {
    const body: unknown = await response.json();
    return isObject(body) ? (body as Problem) : null;
  } catch {
    return null;
  }
}

export function unreachable(cause: unknown): ApiError {
  const error = new ApiError(0, 'The GistCloud API could not be reached. Check your connection and try again.');
  error.cause = cause;
  return error;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
