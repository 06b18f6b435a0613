/** `perf-sentinel/http`: HTTP endpoint monitoring middleware (node:http, Express, Fastify, Koa). */
export {}
