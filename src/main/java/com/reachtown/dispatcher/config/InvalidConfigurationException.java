package com.reachtown.dispatcher.config;

/**
 * Thrown at start-up when a setting is missing or unusable. The message is one line that
 * names the environment variable and what it needs; {@link ConfigurationFailureAnalyzer}
 * prints it in place of a stack trace.
 */
public class InvalidConfigurationException extends IllegalStateException {

	private final String variable;

	/**
	 * Creates the exception.
	 * @param variable the environment variable to fix, such as
	 * {@code REACH_TOWN_BASE_URL}
	 * @param message the whole message, starting with the variable's name
	 */
	public InvalidConfigurationException(String variable, String message) {
		super(message);
		this.variable = variable;
	}

	public String variable() {
		return this.variable;
	}

}
