package com.reachtown.dispatcher.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * Tells a failure to open a connection, after which nothing was sent, from a failure
 * after the request was written, after which the provider may have sent the message.
 */
public final class ConnectFailures {

	private ConnectFailures() {
	}

	/**
	 * Tells whether a failure happened before any byte of the request was sent.
	 * @param failure the client's exception
	 * @return {@code true} if its cause chain contains a refused or timed-out connect or
	 * an unknown host
	 */
	public static boolean isConnectFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
					|| cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Tells whether an I/O failure is in the cause chain.
	 * @param failure the client's exception
	 * @return {@code true} if an {@link IOException} caused it
	 */
	public static boolean isIoFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Maps a failure to reach a provider's API.
	 * @param provider the provider name
	 * @param label the provider's name in messages, such as {@code Evolution API}
	 * @param failure the client's exception
	 * @return {@link ProviderException.Kind#UNREACHABLE} when nothing was sent, else
	 * {@link ProviderException.Kind#OUTCOME_UNKNOWN}
	 */
	public static ProviderException toProviderException(String provider, String label, Throwable failure) {
		Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
		String detail = cause.getClass().getSimpleName()
				+ ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
		if (isConnectFailure(failure)) {
			return new ProviderException(provider, ProviderException.Kind.UNREACHABLE, null,
					label + " could not be reached: " + detail, null, failure);
		}
		return new ProviderException(provider, ProviderException.Kind.OUTCOME_UNKNOWN, null,
				label + " did not respond after the request was sent, so the message may have been sent: " + detail,
				null, failure);
	}

}
