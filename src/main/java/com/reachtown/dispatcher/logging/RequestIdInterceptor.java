package com.reachtown.dispatcher.logging;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Adds the current request id as {@code X-Request-Id} to an outgoing call, unless the
 * call sets the header itself or no request id is in the MDC.
 */
public class RequestIdInterceptor implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String requestId = RequestIds.current();
		if (requestId != null && !request.getHeaders().containsHeader(RequestIds.HEADER)) {
			request.getHeaders().set(RequestIds.HEADER, requestId);
		}
		return execution.execute(request, body);
	}

}
