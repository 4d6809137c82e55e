# One image for every service: docker compose picks the service with SERVICE.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps apps
COPY libs libs
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx turbo run build --output-logs=errors-only && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY --from=build /app /app
USER node
CMD ["sh", "-c", "exec node apps/${SERVICE}/dist/main.js"]
