package com.reachtown.dispatcher.send;

/**
 * The result of a send, and whether it is the stored result of an earlier identical
 * request.
 *
 * @param response the response body
 * @param replayed {@code true} when the provider was not called again
 */
public record SendOutcome(SendResponse response, boolean replayed) {

	/**
	 * Returns the HTTP status of the response: 202 while the provider's response is
	 * unknown, else 200.
	 * @return the status code
	 */
	public int httpStatus() {
		return SendResponse.UNKNOWN.equals(this.response.status()) ? 202 : 200;
	}

}
