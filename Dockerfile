# One image for every Liaison process: the API (default command), the worker and the migration
# job (docker-compose.yml overrides the command). TypeScript runs through tsx, as in development,
# so there is no separate build step to drift from `npm start`.
FROM node:20-bookworm-slim

# node:20 ships npm 10, which ignores package.json's `allowScripts` and would run every
# dependency's install script, including the ones the project denies. npm 11 enforces the list.
RUN npm install --global npm@11.19.1 && npm cache clean --force

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, so a source change does not reinstall them. Runtime dependencies only:
# tsx, the Temporal worker's bundler and drizzle's migrator are all regular dependencies.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY --chown=node:node . .
# The workflows' and the compartment's bundles, built once in the image: every replica polls at once.
RUN node --import tsx scripts/bundle.ts

EXPOSE 3000
# Node itself with tsx's loader, not `npx tsx`: npx exits on SIGTERM without passing it on, so
# `docker compose stop` would kill the app before it closes its connections or drains the worker.
CMD ["node", "--import", "tsx", "apps/api/main.ts"]
