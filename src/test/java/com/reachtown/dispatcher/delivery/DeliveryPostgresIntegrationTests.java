package com.reachtown.dispatcher.delivery;

import com.reachtown.dispatcher.support.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The durable paths on a PostgreSQL database of their own, dropped when the test's
 * application context closes.
 */
@ContextConfiguration(initializers = DeliveryPostgresIntegrationTests.DropDatabaseOnClose.class)
class DeliveryPostgresIntegrationTests extends AbstractDeliveryIntegrationTests {

	private static PostgresDatabase database;

	@BeforeAll
	static void createDatabase() {
		database = PostgresDatabase.create();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registerCommonProperties(registry);
		registry.add("spring.datasource.url", () -> database.jdbcUrl());
		registry.add("spring.datasource.username", () -> database.user());
		registry.add("spring.datasource.password", () -> "");
	}

	/**
	 * Registers the database's drop as the context's first disposable bean, so that it
	 * runs last, after the connection pool has closed.
	 */
	static class DropDatabaseOnClose implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("postgresTestDatabase",
					database::close);
		}

	}

}
