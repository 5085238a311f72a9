import { ConflictError, InvalidInputError } from '@aurora/db';
import { GatewayError } from '../../errors/gateway-error.js';

/**
 * Repositories report collisions and dangling names with the field at fault; the admin API passes
 * that field on so that a form can show the message in place. Use as `.catch(rethrowDbError)`.
 */
export function rethrowDbError(error: unknown): never {
  if (error instanceof ConflictError) {
    throw new GatewayError('invalid_request_error', error.message, { status: 409, field: error.field });
  }
  if (error instanceof InvalidInputError) {
    throw new GatewayError('invalid_request_error', error.message, { field: error.field });
  }
  throw error;
}

export function conflict(field: string, message: string): GatewayError {
  return new GatewayError('invalid_request_error', message, { status: 409, field });
}

export function notFound(what: string, id: string): GatewayError {
  return new GatewayError('not_found_error', `there is no ${what} with id "${id}"`);
}
