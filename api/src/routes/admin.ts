import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { AppError } from "@comic-studio/shared";
import { type Express, type RequestHandler, Router } from "express";
import type { RouteContext } from "../deps.ts";
import { createApiMetrics, metricsTokenMatches } from "../metrics.ts";

/** Where the queue dashboard lives under the api's `/api` mount. */
export const ADMIN_QUEUES_PATH = "/admin/queues";

/**
 * Admins only. Signed out: 401, so the browser knows to sign in. Signed in without the admin
 * flag: 404, as if there were nothing here, so the dashboard's existence is not revealed.
 */
const requireAdmin: RequestHandler = (_req, res, next) => {
  const user = res.locals.auth?.user;
  if (!user) return next(new AppError("UNAUTHENTICATED", "Sign in to continue."));
  if (!user.isAdmin) return next(new AppError("NOT_FOUND", "There is nothing here."));
  next();
};

/**
 * Runs a sub-application (bull-board brings its own Express app) and, for requests it does not
 * answer, gives our request and response their prototypes back: Express only restores them when an
 * app is mounted on an app, not on a router.
 */
function subApp(app: Express): RequestHandler {
  return (req, res, next) => {
    const reqProto: object = Object.getPrototypeOf(req);
    const resProto: object = Object.getPrototypeOf(res);
    app(req, res, (error?: unknown) => {
      Object.setPrototypeOf(req, reqProto);
      Object.setPrototypeOf(res, resProto);
      next(error);
    });
  };
}

/**
 * Operations: the bull-board queue dashboard at /api/admin/queues and Prometheus metrics at
 * /api/metrics. Mounted after the CSRF origin check, the JSON parser and the session loader:
 * the dashboard's own PUT/POST actions come from the same origin (the browser sends the app's
 * Origin), our parser reads their JSON bodies and bull-board's parser then leaves them alone.
 */
export function adminRoutes({ config, queues: { all: queues } }: RouteContext): Router {
  const board = new ExpressAdapter();
  // The adapter renders absolute asset URLs, so it needs the full path including the /api mount.
  board.setBasePath(`/api${ADMIN_QUEUES_PATH}`);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: "Comic Studio queues" } },
  });
  const boardApp = board.getRouter() as Express;
  boardApp.disable("x-powered-by");

  const metrics = createApiMetrics(queues);
  const router = Router();
  router.use(ADMIN_QUEUES_PATH, requireAdmin, subApp(boardApp));

  // For Prometheus (`Authorization: Bearer $METRICS_TOKEN`) or a signed-in admin.
  router.get("/metrics", async (req, res) => {
    const user = res.locals.auth?.user;
    if (!user?.isAdmin && !metricsTokenMatches(req.get("authorization"), config.METRICS_TOKEN)) {
      if (user) throw new AppError("NOT_FOUND", "There is nothing here.");
      throw new AppError("UNAUTHENTICATED", "Sign in as an admin or send the metrics token.");
    }
    const text = await metrics.render();
    res.status(200).type(metrics.contentType).send(text);
  });

  return router;
}
